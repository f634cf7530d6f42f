import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { type Actor, hasRole } from '../actor/actor';
import { Role } from '../actor/role';
import { DomainError } from '../common/domain-error';
import { DeviationQueriesService } from '../deviations/deviation-queries.service';
import { OutageLinksService } from '../driftinfo/outage-links.service';
import type { PublicAnnouncement } from '../driftinfo/public-announcement';
import { StatusBoardService } from '../driftinfo/status-board.service';
import type { Language } from '../pages/catalogue';
import type { FormOutcome } from './portal-memberships.service';

/** Who may link, as the API's announcement writers: a party's reporters and admins, and SKR. */
export const OUTAGE_LINKERS = [Role.Reporter, Role.Admin, Role.Skr, Role.SkrAdmin];

const REFUSALS: readonly string[] = ['not_found', 'conflict', 'unprocessable'];

/** What a deviation's page shows of outages: those it is linked to, and the ongoing ones it could still be linked to. */
export interface DeviationOutages {
  linked: PublicAnnouncement[];
  choices: PublicAnnouncement[];
  mayLink: boolean;
}

/**
 * A deviation linked to the outage it reports, from its page, through the API's own OutageLinksService and rules.
 * The outages come from the public status board (ongoing and the last 30 days), so the page shows of an outage only
 * what anyone may see; the deviation's links are read in one query, with the API's visibility rule.
 */
@Injectable()
export class OutageLinkPages {
  constructor(
    private readonly links: OutageLinksService,
    private readonly statusBoard: StatusBoardService,
    private readonly queries: DeviationQueriesService,
  ) {}

  async outagesOf(actor: Actor, deviationId: string, language: Language): Promise<DeviationOutages> {
    const [{ board }, linkedIds] = await Promise.all([
      this.statusBoard.current(language),
      this.links.announcementsLinkedTo(actor, deviationId),
    ]);
    const outages = [...board.ongoing, ...board.recent].filter((a) => a.kind === 'driftstorning');
    return {
      linked: outages.filter((a) => linkedIds.has(a.id)),
      choices: board.ongoing.filter((a) => a.kind === 'driftstorning' && !linkedIds.has(a.id)),
      mayLink: hasRole(actor, ...OUTAGE_LINKERS),
    };
  }

  /** A deviation the actor cannot see is the 404 page; an outage that is gone, closed or no outage is the form's error. */
  async link(actor: Actor, deviationId: string, announcementId: unknown): Promise<FormOutcome> {
    await this.queries.get(actor, deviationId);
    if (typeof announcementId !== 'string' || announcementId === '') return { errors: { outage: 'outageLinks.required' } };
    if (!isUUID(announcementId)) return { errors: { outage: 'outageLinks.refused' } };
    try {
      await this.links.link(actor, announcementId, deviationId);
      return { location: `/deviations/${deviationId}?linked=1` };
    } catch (error) {
      // Not found, not an outage, or closed meanwhile: the list the person chose from is stale, not the request.
      if (!(error instanceof DomainError && REFUSALS.includes(error.kind))) throw error;
      return { errors: { outage: 'outageLinks.refused' } };
    }
  }
}
