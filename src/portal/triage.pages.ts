import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { Actor, isSkr } from '../actor/actor';
import { UnprocessableError } from '../common/domain-error';
import { isUuid } from '../common/uuid';
import { DeviationQueriesService } from '../deviations/deviation-queries.service';
import { DeviationResponsibilityService } from '../deviations/deviation-responsibility.service';
import type { Deviation } from '../deviations/deviation.entity';
import { BULK_ASSIGN_MAX } from '../deviations/dto/responsibility.dto';
import { ListDeviationsQueryDto } from '../deviations/dto/list-deviations-query.dto';
import { HtmlPage, PageRenderer } from '../pages/page-renderer';
import { PartiesService } from '../parties/parties.service';
import { PortalFormsService } from './portal-forms.service';
import type { FormOutcome } from './portal-memberships.service';
import type { PortalPage } from './portal-page.decorator';

const PAGE_ROWS = 50;
/** The API's limit on a triage motivation (AssignResponsibleDto). */
const MOTIVATION_MAX = 5000;

/** A party SKR can make responsible, for the select. */
interface PartyOption {
  id: string;
  name: string;
}

/** What the detail page shows SKR about whose deviation it is, and offers to change. */
export interface ResponsibleChoice {
  current: string | null;
  parties: PartyOption[];
}

/** SKR's triage: the deviations awaiting a responsible party with bulk assignment, and the choice on a deviation's page. */
@Injectable()
export class TriagePages {
  constructor(
    private readonly renderer: PageRenderer,
    private readonly queries: DeviationQueriesService,
    private readonly responsibility: DeviationResponsibilityService,
    private readonly parties: PartiesService,
    private readonly forms: PortalFormsService,
  ) {}

  async triage(page: PortalPage, actor: Actor): Promise<HtmlPage> {
    const cursor = typeof page.query.cursor === 'string' && page.query.cursor !== '' ? { cursor: page.query.cursor } : {};
    const query = plainToInstance(ListDeviationsQueryDto, { sort: 'created', order: 'asc', limit: PAGE_ROWS, ...cursor });
    const valid = (await validate(query, { whitelist: true })).length === 0;
    const [result, parties, flash] = await Promise.all([
      valid ? this.queries.list(actor, query, { awaitingResponsible: true }) : { items: [], nextCursor: null },
      this.activeParties(actor),
      this.forms.takeFlash(page, 'triage'),
    ]);
    const names = new Map(parties.map((party) => [party.id, party.name]));
    const assigned = typeof page.query.assigned === 'string' && /^\d{1,4}$/.test(page.query.assigned) ? Number(page.query.assigned) : null;
    return this.renderer.render(
      '/portal/views/skr/triage',
      {
        rows: result.items.map((deviation: Deviation) => ({
          id: deviation.id,
          key: deviation.key,
          rubrik: deviation.rubrik,
          reporter: deviation.partyId ? (names.get(deviation.partyId) ?? '') : '',
          submittedAt: deviation.submittedAt,
        })),
        parties,
        next: result.nextCursor ? `/skr/triage?${new URLSearchParams({ cursor: result.nextCursor }).toString()}` : null,
        assigned,
        errors: flash?.errors ?? {},
        values: flash?.values ?? {},
      },
      page.context,
    );
  }

  /**
   * Bulk assignment, all or nothing as the API's: one deviation that cannot be assigned refuses the batch. The
   * checkboxes are named `deviationIds[]`, the one spelling of a list that HTML validators accept on repeated names.
   */
  async assign(actor: Actor, form: Record<string, unknown>): Promise<FormOutcome> {
    const ids = [form['deviationIds[]'] ?? []].flat();
    const errors: Record<string, string> = {};
    if (ids.length === 0 || !ids.every((id) => typeof id === 'string' && isUuid(id))) {
      errors.deviationIds = 'skr.triage.errors.chooseDeviations';
    } else if (ids.length > BULK_ASSIGN_MAX) errors.deviationIds = 'skr.triage.errors.tooMany';
    const choice = responsibleOf(form, errors);
    if (!choice) return { errors };
    try {
      const changed = await this.responsibility.assignMany(actor, { ...choice, deviationIds: ids as string[] });
      return { location: `/skr/triage?assigned=${changed}` };
    } catch (error) {
      return { errors: refusalOf(error, 'deviationIds') };
    }
  }

  async assignOne(actor: Actor, id: string, form: Record<string, unknown>): Promise<FormOutcome> {
    const errors: Record<string, string> = {};
    const choice = responsibleOf(form, errors);
    if (!choice) return { errors };
    try {
      await this.responsibility.assign(actor, id, choice);
      return { location: `/deviations/${id}` };
    } catch (error) {
      return { errors: refusalOf(error, 'responsiblePartyId') };
    }
  }

  /** For SKR: the deviation's responsible party and the parties it may be given to; for a party, nothing. */
  async responsibleChoice(actor: Actor, deviation: Deviation): Promise<ResponsibleChoice | null> {
    if (!isSkr(actor)) return null;
    const parties = await this.activeParties(actor);
    const current = parties.find((party) => party.id === deviation.responsiblePartyId)?.name ?? null;
    return { current, parties };
  }

  private async activeParties(actor: Actor): Promise<PartyOption[]> {
    const parties = await this.parties.listParties(actor);
    return parties.filter((party) => party.active).map((party) => ({ id: party.id, name: party.name }));
  }
}

/** The responsible party and motivation a form names, or null with `errors` filled in beside their fields. */
function responsibleOf(
  form: Record<string, unknown>,
  errors: Record<string, string>,
): { responsiblePartyId: string; motivering?: string } | null {
  const partyId = form.responsiblePartyId;
  if (typeof partyId !== 'string' || !isUuid(partyId)) errors.responsiblePartyId = 'skr.triage.errors.chooseParty';
  const motivering = typeof form.motivering === 'string' ? form.motivering.trim() : '';
  if (motivering.length > MOTIVATION_MAX) errors.motivering = 'skr.triage.errors.tooLong';
  if (Object.keys(errors).length > 0) return null;
  return { responsiblePartyId: partyId as string, ...(motivering ? { motivering } : {}) };
}

/** The service's refusal beside the field it points at: an unknown party at the select, anything else at the selection. */
function refusalOf(error: unknown, field: string): Record<string, string> {
  if (!(error instanceof UnprocessableError)) throw error;
  const pointer = error.errors?.[0]?.pointer ?? '';
  if (pointer.startsWith('/responsiblePartyId')) return { responsiblePartyId: 'skr.triage.errors.chooseParty' };
  return { [field]: 'skr.triage.errors.rejected' };
}
