import { Injectable } from '@nestjs/common';
import { In, IsNull, Not } from 'typeorm';
import { Actor, scopeOf } from '../actor/actor';
import { Clock } from '../common/clock';
import { ScopedDb } from '../database/scoped-db';
import { DeclarationStatus } from '../declarations/declaration.entity';
import { Deviation, DeviationStatus } from '../deviations/deviation.entity';
import { AgreementsService } from '../parties/agreements.service';
import { OverviewResponseDto, PartyOverviewDto } from './dto/overview.dto';
import { PRIORITIES } from '../agreements/priority';
import { OPEN_STATUSES } from '../sla/sla-clock';
import { SlaService } from '../sla/sla.service';

/**
 * Where each party stands: deviations by status, open ones by priority, open breaches and the oldest open case, and
 * its self-declarations by review status.
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
      const result = parties.map((party): PartyOverviewDto => {
        const mine = open.filter((d) => d.partyId === party.partyId);
        const oldest = mine[0];
        return {
          partyId: party.partyId,
          partyName: party.partyName,
          agreementCode: party.agreement.code,
          byStatus: Object.fromEntries([
            ...Object.values(DeviationStatus).map((s) => [s, 0]),
            ...counts.filter((c) => c.party_id === party.partyId).map((c) => [c.status, c.n]),
          ]),
          openByPriority: Object.fromEntries(PRIORITIES.map((p) => [p, mine.filter((d) => d.prioritet === p).length])),
          open: mine.length,
          openBreached: mine.filter((d) => {
            const reading = clocks.get(d.id)?.reading;
            return reading?.response.state === 'breached' || reading?.resolution.state === 'breached';
          }).length,
          declarationsByStatus: Object.fromEntries([
            ...Object.values(DeclarationStatus).map((s) => [s, 0]),
            ...declarationCounts.filter((c) => c.party_id === party.partyId).map((c) => [c.status, c.n]),
          ]),
          oldestOpen: oldest ? { id: oldest.id, key: oldest.key, status: oldest.status, submittedAt: oldest.submittedAt! } : null,
        };
      });
      return { generatedAt: now, parties: result };
    });
  }
}
