import { ApiProperty } from '@nestjs/swagger';
import { MAPPABLE_FACTS } from '../jira-custom-fields';
import { type JiraDryRun } from '../jira-dry-run.service';
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
  @ApiProperty({ type: JiraHealthTextDto, nullable: true, description: 'Vad SKR gör för att rätta det.' })
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

export class JiraDryRunDeviationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'AVV-2026-0042' }) key: string;
  @ApiProperty({ example: 'mottagen' }) status: string;
}

export class JiraFieldLeftOutDto {
  @ApiProperty({ enum: MAPPABLE_FACTS, description: 'Uppgiften i JIRA_CUSTOM_FIELDS.' }) fact: string;
  @ApiProperty({ example: 'customfield_10100' }) fieldId: string;
  @ApiProperty({
    enum: ['not_on_screen', 'unsupported_type'],
    description: 'Fältet saknas på skapaskärmen eller har en typ vi inte fyller.',
  })
  problem: string;
}

/** What the first sync would do to the open deviations; nothing is written to Jira to find out. */
export class JiraDryRunDto {
  @ApiProperty({ description: 'Öppna avvikelser (inte utkast, stängda eller återkallade) utan Jira-ärende: så många ärenden skapas.' })
  issuesToCreate: number;

  @ApiProperty({ type: [JiraDryRunDeviationDto], description: 'De äldsta först, högst 500.' }) deviations: JiraDryRunDeviationDto[];
  @ApiProperty({ type: [JiraFieldLeftOutDto] }) fieldsLeftOut: JiraFieldLeftOutDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Varför fälten inte kunde läsas från Jira.' }) fieldsUnknown: string | null;

  static from(dryRun: JiraDryRun): JiraDryRunDto {
    return Object.assign(new JiraDryRunDto(), {
      issuesToCreate: dryRun.issuesToCreate,
      deviations: dryRun.deviations.map((d) => Object.assign(new JiraDryRunDeviationDto(), d)),
      fieldsLeftOut: dryRun.fieldsLeftOut.map(({ fact, fieldId, problem }) =>
        Object.assign(new JiraFieldLeftOutDto(), { fact, fieldId, problem }),
      ),
      fieldsUnknown: dryRun.fieldsUnknown,
    });
  }
}
