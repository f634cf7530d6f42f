import { ApiProperty } from '@nestjs/swagger';
import { PRIORITIES } from '../../agreements/priority';
import { targetText, type ClockReading, type ClockState, type ResolutionStopSource, type SlaPause } from '../sla-clock';
import type { DeviationSla } from '../sla.service';

export class SlaClockDto {
  @ApiProperty({
    type: 'object',
    properties: { amount: { type: 'number' }, unit: { type: 'string' } },
    required: ['amount', 'unit'],
    example: { amount: 30, unit: 'business_minutes' },
  })
  target: { amount: number; unit: string };
  @ApiProperty({ example: '30 minuter inom supporttid' }) targetText: string;
  @ApiProperty({ description: 'Målet i millisekunder inom avtalets supporttid (klocktid för klocktidsmål).' }) targetMs: number;
  @ApiProperty({ description: 'Förbrukad tid, pauser borträknade.' }) elapsedMs: number;
  @ApiProperty() percentUsed: number;
  @ApiProperty({ enum: ['running', 'met', 'breached'] }) state: ClockState;
  @ApiProperty({ type: Date, nullable: true, description: 'När målet nås; null medan klockan står still före det.' }) dueAt: Date | null;
  @ApiProperty({ type: Date, nullable: true }) stoppedAt: Date | null;

  static from(c: ClockReading): SlaClockDto {
    return Object.assign(new SlaClockDto(), {
      target: { amount: c.target.amount, unit: c.target.unit },
      targetText: targetText(c.target),
      targetMs: c.targetMs,
      elapsedMs: c.elapsedMs,
      percentUsed: c.percentUsed,
      state: c.state,
      dueAt: c.dueAt,
      stoppedAt: c.stoppedAt,
    });
  }
}

export class ResolutionClockDto extends SlaClockDto {
  @ApiProperty({
    nullable: true,
    enum: ['notification', 'resolved_at', 'status_history', 'withdrawn'],
    description:
      '"Återrapporterad" tas från lösningsnotifieringen till den rapporterande parten när den finns, annars resolvedAt, annars statushistoriken.',
  })
  stoppedBy: ResolutionStopSource | null;
}

export class SlaAgreementDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() version: string;
  @ApiProperty() complianceThreshold: number;
}

export class SlaResponseDto {
  @ApiProperty({ format: 'uuid' }) deviationId: string;
  @ApiProperty() agreement: SlaAgreementDto;
  @ApiProperty({ enum: PRIORITIES }) prioritet: string;
  @ApiProperty() receivedAt: Date;
  @ApiProperty({ description: 'Responstid: mottagen → påbörjad (första status från under_utredning och framåt, eller återkallad).' })
  response: SlaClockDto;
  @ApiProperty({ description: 'Åtgärdstid: mottagen → löst och återrapporterad.' }) resolution: ResolutionClockDto;
  @ApiProperty({ description: 'Klockorna står still i väntan på komplettering.' }) paused: boolean;
  @ApiProperty({
    type: 'array',
    items: {
      type: 'object',
      properties: {
        from: { type: 'string', format: 'date-time' },
        to: { type: 'string', format: 'date-time', nullable: true, description: 'null medan pausen pågår.' },
        status: { type: 'string' },
      },
      required: ['from', 'to', 'status'],
    },
  })
  pauses: SlaPause[];

  static from(deviationId: string, { agreement, reading }: DeviationSla): SlaResponseDto {
    return Object.assign(new SlaResponseDto(), {
      deviationId,
      agreement: {
        code: agreement.code,
        name: agreement.name,
        version: agreement.version,
        complianceThreshold: agreement.complianceThreshold,
      },
      prioritet: reading.prioritet,
      receivedAt: reading.receivedAt,
      response: SlaClockDto.from(reading.response),
      resolution: Object.assign(new ResolutionClockDto(), SlaClockDto.from(reading.resolution), {
        stoppedBy: reading.resolution.stoppedBy,
      }),
      paused: reading.paused,
      pauses: reading.pauses,
    });
  }
}
