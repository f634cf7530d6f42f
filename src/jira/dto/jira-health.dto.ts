import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type PreflightCheck, type PreflightReport } from '../jira-preflight';

/** A text in the two languages SKR's administrators read. */
export class JiraHealthTextDto {
  @ApiProperty({ example: 'Bilagor är avstängda på Jira-siten.' }) sv: string;
  @ApiProperty({ example: 'Attachments are disabled on the Jira site.' }) en: string;
}

export class JiraHealthCheckDto {
  @ApiProperty({
    example: 'attachments',
    description:
      'token, project, issue_type, create_fields, status:<Jira-status-id> (en per mappad status; `statuses` när de inte kunde kontrolleras), attachments, webhook.',
  })
  id: string;

  @ApiProperty({
    enum: ['ok', 'fail', 'unknown'],
    description: '`unknown`: kunde inte avgöras (Jira nere, behörighet saknas, inget ärende att läsa av).',
  })
  status: 'ok' | 'fail' | 'unknown';

  @ApiProperty({ type: JiraHealthTextDto }) message: JiraHealthTextDto;
  @ApiPropertyOptional({ type: JiraHealthTextDto, nullable: true, description: 'Vad SKR gör för att rätta det.' })
  hint: JiraHealthTextDto | null;
}

/** The preflight of SKR's Jira site: each check and the verdict over them. */
export class JiraHealthDto {
  @ApiProperty({ enum: ['ok', 'degraded', 'fail'], description: '`fail` när en kontroll fallerar, `degraded` när en inte kunde avgöras.' })
  status: 'ok' | 'degraded' | 'fail';

  @ApiProperty({ type: [JiraHealthCheckDto] }) checks: JiraHealthCheckDto[];

  static from(report: PreflightReport): JiraHealthDto {
    return Object.assign(new JiraHealthDto(), { status: report.status, checks: report.checks.map(checkDto) });
  }
}

function checkDto({ id, status, message, hint }: PreflightCheck): JiraHealthCheckDto {
  return Object.assign(new JiraHealthCheckDto(), { id, status, message: { ...message }, hint: hint ? { ...hint } : null });
}
