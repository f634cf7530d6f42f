import { Injectable } from '@nestjs/common';
import { In, IsNull, Not } from 'typeorm';
import { Actor, scopeOf } from '../actor/actor';
import { Clock } from '../common/clock';
import { ScopedDb } from '../database/scoped-db';
import { DeclarationStatus } from '../declarations/declaration.entity';
import { Deviation, DeviationStatus } from '../deviations/deviation.entity';
import { AgreementsService } from '../parties/agreements.service';
import { OpenCasesDto, OverviewResponseDto, PartyOverviewDto } from './dto/overview.dto';
import { PRIORITIES } from '../agreements/priority';
import { OPEN_STATUSES } from '../sla/sla-clock';
import { SlaService } from '../sla/sla.service';

/**
 * Where each party stands: deviations by status, open ones by priority, open breaches and the oldest open case, and
 * its self-declarations by review status — as reporter, and (`concerningUs`) for the open deviations it is the
 * responsible party of, whoever reported them (DOMAIN.md "Whose deviation is it").
 */
@Injectable()
export class OverviewService {
  constructor(
    private readonly db: ScopedDb,
    private readonly agreements: AgreementsService,
    private readonly sla: SlaService,
    private readonly clock: Clock,
  ) {}

  async overview(actor: Actor): Promise<OverviewResponseDto> {
    const now = this.clock.now();
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const parties = await this.agreements.partyAgreements(manager);
      const counts = (await manager.query(`SELECT party_id, status, count(*)::int AS n FROM deviation GROUP BY party_id, status`)) as {
        party_id: string;
        status: DeviationStatus;
        n: number;
      }[];
      const declarationCounts = (await manager.query(
        `SELECT party_id, status, count(*)::int AS n FROM declaration GROUP BY party_id, status`,
      )) as {
        party_id: string;
        status: DeclarationStatus;
        n: number;
      }[];
      const open = await manager.find(Deviation, {
        where: { status: In([...OPEN_STATUSES]), submittedAt: Not(IsNull()) },
        order: { submittedAt: 'ASC' },
      });
      const clocks = await this.sla.read(manager, open, now);
      const breached = (d: Deviation) => {
        const reading = clocks.get(d.id)?.reading;
        return reading?.response.state === 'breached' || reading?.resolution.state === 'breached';
      };
      const result = parties.map((party): PartyOverviewDto => {
        const countsOf = <S extends string>(rows: { party_id: string; status: S; n: number }[], statuses: S[]) =>
          Object.fromEntries([
            ...statuses.map((s) => [s, 0]),
            ...rows.filter((c) => c.party_id === party.partyId).map((c) => [c.status, c.n]),
          ]);
        return {
          partyId: party.partyId,
          partyName: party.partyName,
          agreementCode: party.agreement.code,
          byStatus: countsOf(counts, Object.values(DeviationStatus)),
          ...openSummary(
            open.filter((d) => d.partyId === party.partyId),
            breached,
          ),
          declarationsByStatus: countsOf(declarationCounts, Object.values(DeclarationStatus)),
          concerningUs: openSummary(
            open.filter((d) => d.responsiblePartyId === party.partyId),
            breached,
          ),
        };
      });
      return { generatedAt: now, parties: result };
    });
  }
}

/** Open deviations, oldest first, summed up: how many, by priority, how many past a deadline, and the oldest. */
function openSummary(open: Deviation[], breached: (d: Deviation) => boolean): OpenCasesDto {
  const oldest = open[0];
  return {
    openByPriority: Object.fromEntries(PRIORITIES.map((p) => [p, open.filter((d) => d.prioritet === p).length])),
    open: open.length,
    openBreached: open.filter(breached).length,
    oldestOpen: oldest ? { id: oldest.id, key: oldest.key, status: oldest.status, submittedAt: oldest.submittedAt! } : null,
  };
}
