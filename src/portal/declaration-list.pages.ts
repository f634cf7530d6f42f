import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { type Actor, isSkr } from '../actor/actor';
import { DeclarationQueriesService } from '../declarations/declaration-queries.service';
import { Declaration, declarationReference, DeclarationStatus } from '../declarations/declaration.entity';
import { TemplateNotForPartyKindError } from '../declarations/declarations.errors';
import { DeclarationsService } from '../declarations/declarations.service';
import { ListDeclarationsQueryDto } from '../declarations/dto/declaration-requests.dto';
import { TemplatesService } from '../declarations/templates.service';
import { HtmlPage, PageRenderer } from '../pages/page-renderer';
import { kindsOf } from '../parties/party.entity';
import { PartiesService } from '../parties/parties.service';
import { isFormError } from './deviation-detail.pages';
import { PortalFormsService } from './portal-forms.service';
import type { FormOutcome } from './portal-memberships.service';
import type { PortalPage } from './portal-page.decorator';

/** One declaration in a list: its reference, template, status and where SKR's review stands. */
export interface DeclarationRow {
  id: string;
  reference: string;
  template: string;
  status: DeclarationStatus;
  /** A catalogue key: not reviewed, awaiting review, or the last outcome (which the status follows one to one). */
  reviewKey: string;
  partyName?: string;
  submittedAt: Date | null;
  updatedAt: Date;
}

const REVIEW_KEY: Record<DeclarationStatus, string> = {
  [DeclarationStatus.Utkast]: 'declarations.review.none',
  [DeclarationStatus.Tillbakadragen]: 'declarations.review.none',
  [DeclarationStatus.Inskickad]: 'declarations.review.waiting',
  [DeclarationStatus.Godkänd]: 'declarations.outcome.godkänd',
  [DeclarationStatus.Komplettering]: 'declarations.outcome.godkänd_med_förbehåll',
  [DeclarationStatus.IckeGodkänd]: 'declarations.outcome.icke_godkänd',
};
const START_ROWS = 5;

/**
 * The declarations list: a party's own with the templates it may start (only those meant for its kind), or for SKR
 * the review queue, oldest submission first. The same query service as the API's list, so the same rows.
 */
@Injectable()
export class DeclarationListPages {
  constructor(
    private readonly renderer: PageRenderer,
    private readonly queries: DeclarationQueriesService,
    private readonly declarations: DeclarationsService,
    private readonly templates: TemplatesService,
    private readonly parties: PartiesService,
    private readonly forms: PortalFormsService,
  ) {}

  async list(page: PortalPage, actor: Actor): Promise<HtmlPage> {
    if (isSkr(actor)) return this.queue(page, actor);
    const flash = await this.forms.takeFlash(page, 'declaration:start');
    const [rows, party, templates] = await Promise.all([
      this.rows(actor),
      this.parties.getParty(actor, actor.partyId!),
      this.templates.list(actor),
    ]);
    const kinds = kindsOf(party);
    const startable = templates.filter((template) => template.partyKinds.some((kind) => kinds.includes(kind)));
    return this.renderer.render(
      '/portal/views/declarations/list',
      {
        rows,
        templates: startable.map((t) => ({ id: t.id, title: t.title, version: t.version })),
        errors: flash?.errors ?? {},
      },
      page.context,
    );
  }

  /** The start page's section: the party's latest declarations with their review state. */
  async recent(actor: Actor): Promise<DeclarationRow[]> {
    return isSkr(actor) ? [] : (await this.rows(actor)).slice(0, START_ROWS);
  }

  /** Starts a declaration on a template; one for another kind of party is refused by the service, as over the API. */
  async start(actor: Actor, templateId: unknown): Promise<FormOutcome> {
    if (typeof templateId !== 'string' || !/^[0-9a-f-]{36}$/i.test(templateId))
      return { errors: { templateId: 'declarations.errors.template' } };
    try {
      const view = await this.declarations.create(actor, { templateId });
      return { location: `/declarations/${view.declaration.id}` };
    } catch (error) {
      // A template that is not for this party is the API's 422, shown as its error page, not as a field to correct.
      if (!isFormError(error) || error instanceof TemplateNotForPartyKindError) throw error;
      return { errors: { templateId: 'declarations.errors.template' } };
    }
  }

  private async queue(page: PortalPage, actor: Actor): Promise<HtmlPage> {
    const submitted = await this.queries.list(actor, plainToInstance(ListDeclarationsQueryDto, { status: DeclarationStatus.Inskickad }));
    const parties = new Map((await this.parties.listParties(actor)).map((party) => [party.id, party.name]));
    const titles = await this.titles(actor);
    const rows = submitted
      .sort((a, b) => (a.submittedAt?.getTime() ?? 0) - (b.submittedAt?.getTime() ?? 0))
      .map((declaration) => ({ ...rowOf(declaration, titles), partyName: parties.get(declaration.partyId) ?? '' }));
    return this.renderer.render('/portal/views/review/queue', { rows }, page.context);
  }

  private async rows(actor: Actor): Promise<DeclarationRow[]> {
    const [declarations, titles] = await Promise.all([this.queries.list(actor, new ListDeclarationsQueryDto()), this.titles(actor)]);
    return declarations.map((declaration) => rowOf(declaration, titles));
  }

  private async titles(actor: Actor): Promise<Map<string, string>> {
    return new Map((await this.templates.list(actor)).map((template) => [template.id, template.title]));
  }
}

function rowOf(declaration: Declaration, titles: Map<string, string>): DeclarationRow {
  return {
    id: declaration.id,
    reference: declarationReference(declaration),
    template: titles.get(declaration.templateId) ?? '',
    status: declaration.status,
    reviewKey: REVIEW_KEY[declaration.status],
    submittedAt: declaration.submittedAt,
    updatedAt: declaration.updatedAt,
  };
}
