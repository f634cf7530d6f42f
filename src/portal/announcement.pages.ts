import { Injectable } from '@nestjs/common';
import type { Actor } from '../actor/actor';
import { Clock } from '../common/clock';
import { AnnouncementQueriesService } from '../driftinfo/announcement-queries.service';
import { AnnouncementsService } from '../driftinfo/announcements.service';
import { OutageLinksService } from '../driftinfo/outage-links.service';
import type { DriftAnnouncement } from '../driftinfo/drift-announcement.entity';
import {
  CancelAnnouncementDto,
  CreateAnnouncementDto,
  ResolveAnnouncementDto,
  UpdateAnnouncementDto,
} from '../driftinfo/dto/announcement.dto';
import { HtmlPage, PageRenderer } from '../pages/page-renderer';
import {
  endGiven,
  formErrorsOf,
  localValueOf,
  readCancelForm,
  readPublishForm,
  readResolveForm,
  readUpdateForm,
  validated,
  versionOf,
  WHOLE_FORM,
} from './announcement-form';
import type { FormOutcome } from './portal-memberships.service';
import { PortalFormsService } from './portal-forms.service';
import type { PortalPage } from './portal-page.decorator';

export const ANNOUNCEMENTS_PATH = '/announcements';
const NEW_FORM = formOf('new');
const SEVERITIES = ['lag', 'medel', 'hog', 'allvarlig'];
/** What a `?saved=` after a change may say; anything else says nothing. */
const SAVED = ['published', 'updated', 'resolved', 'cancelled'];

/**
 * SKR's, the Driftleverantör's and an Uppgiftslämnare's pages for publishing outages and planned changes, updating them
 * (each update a version in the timeline) and resolving them: the API's AnnouncementsService with the same Actor, so
 * the same owner, notice and consistency rules, audit and e-mails.
 */
@Injectable()
export class AnnouncementPages {
  constructor(
    private readonly renderer: PageRenderer,
    private readonly announcements: AnnouncementsService,
    private readonly queries: AnnouncementQueriesService,
    private readonly forms: PortalFormsService,
    private readonly links: OutageLinksService,
    private readonly clock: Clock,
  ) {}

  async list(page: PortalPage, actor: Actor): Promise<HtmlPage> {
    const rows = await this.queries.writableBy(actor);
    return this.renderer.render('/portal/views/announcements/list', { rows }, page.context);
  }

  async newForm(page: PortalPage, actor: Actor): Promise<HtmlPage> {
    const flash = await this.forms.takeFlash(page, NEW_FORM);
    const parts = await this.queries.announceableBy(actor);
    return this.renderer.render(
      '/portal/views/announcements/new',
      {
        values: flash?.values ?? { typ: 'driftstorning', start: localValueOf(this.clock.now()) },
        chosen: flash?.choices?.['bastjanster[]'] ?? [],
        errors: flash?.errors ?? {},
        parts,
        severities: SEVERITIES,
      },
      page.context,
    );
  }

  async publish(actor: Actor, form: Record<string, unknown>): Promise<FormOutcome> {
    const { dto, errors } = await validated(CreateAnnouncementDto, readPublishForm(form));
    if (Object.keys(errors).length > 0) return { errors };
    try {
      const saved = await this.announcements.publish(actor, dto);
      return { location: `${ANNOUNCEMENTS_PATH}/${saved.id}?saved=published` };
    } catch (error) {
      return { errors: formErrorsOf(error) };
    }
  }

  async edit(page: PortalPage, actor: Actor, id: string): Promise<HtmlPage> {
    const { announcement, versions } = await this.queries.forEditing(actor, id);
    const flash = await this.forms.takeFlash(page, formOf(id));
    const parts = await this.queries.announceableBy(actor);
    // Only an outage links to deviations; of those, the ones this viewer may see (never on the public pages).
    const linked = announcement.kind === 'driftstorning' ? await this.links.linkedDeviations(actor, id) : null;
    const names = new Map(parts.bastjänster.map((b) => [b.code, page.context.language === 'en' ? b.nameEn : b.nameSv]));
    // The update form offers what the actor may announce and keeps what the announcement names even if that is no
    // longer the actor's (a binding ended): unchecking it is then the only change the owner rule lets through.
    const kept = announcement.bastjänster.filter((code) => !names.has(code)).map((code) => ({ code, nameSv: code, nameEn: code }));
    const saved = typeof page.query.saved === 'string' && SAVED.includes(page.query.saved) ? page.query.saved : null;
    return this.renderer.render(
      '/portal/views/announcements/edit',
      {
        a: announcement,
        affects: announcement.bastjänster.map((code) => names.get(code) ?? code),
        versions,
        linked,
        open: announcement.status === 'pagaende' || announcement.status === 'planerad',
        begun: announcement.startsAt.getTime() <= this.clock.now().getTime(),
        cancellable: announcement.kind === 'planerad_andring' && announcement.status === 'planerad',
        values: flash?.values ?? valuesOf(announcement, this.clock.now()),
        parts: {
          centralComponent: parts.centralComponent || announcement.centralComponent,
          bastjänster: [...parts.bastjänster, ...kept],
        },
        chosen: flash ? (flash.choices?.['bastjanster[]'] ?? []) : announcement.bastjänster,
        errors: flash?.errors ?? {},
        severities: SEVERITIES,
        saved,
        wholeForm: WHOLE_FORM,
      },
      page.context,
    );
  }

  async update(actor: Actor, id: string, form: Record<string, unknown>): Promise<FormOutcome> {
    await this.assertOwned(actor, id);
    const { dto, errors } = await validated(UpdateAnnouncementDto, readUpdateForm(form));
    const version = versionOf(form);
    if (version === null) errors[WHOLE_FORM] ??= 'driftAdmin.errors.stale';
    if (Object.keys(errors).length > 0) return { errors };
    try {
      await this.announcements.update(actor, id, version!, dto);
      return { location: `${ANNOUNCEMENTS_PATH}/${id}?saved=updated` };
    } catch (error) {
      return { errors: formErrorsOf(error) };
    }
  }

  async resolve(actor: Actor, id: string, form: Record<string, unknown>): Promise<FormOutcome> {
    await this.assertOwned(actor, id);
    const { dto, errors } = await validated(ResolveAnnouncementDto, readResolveForm(form));
    const version = versionOf(form);
    if (version === null) errors[WHOLE_FORM] ??= 'driftAdmin.errors.stale';
    if (Object.keys(errors).length > 0) return { errors };
    dto.slut = endGiven(dto.slut, this.clock.now());
    try {
      await this.announcements.resolve(actor, id, version!, dto);
      return { location: `${ANNOUNCEMENTS_PATH}/${id}?saved=resolved` };
    } catch (error) {
      return { errors: formErrorsOf(error, true) };
    }
  }

  /** A planned change called off before it began: the API's cancel, with the version the page was read at. */
  async cancel(actor: Actor, id: string, form: Record<string, unknown>): Promise<FormOutcome> {
    await this.assertOwned(actor, id);
    const { dto, errors } = await validated(CancelAnnouncementDto, readCancelForm(form));
    const version = versionOf(form);
    if (version === null) errors[WHOLE_FORM] ??= 'driftAdmin.errors.stale';
    if (Object.keys(errors).length > 0) return { errors };
    try {
      await this.announcements.cancel(actor, id, version!, dto);
      return { location: `${ANNOUNCEMENTS_PATH}/${id}?saved=cancelled` };
    } catch (error) {
      return { errors: formErrorsOf(error) };
    }
  }

  /** Another party's announcement answers 403 and none 404 before anything in the form is read, as the API does. */
  private async assertOwned(actor: Actor, id: string): Promise<void> {
    await this.queries.forEditing(actor, id);
  }
}

/** The flash key of one announcement's forms. */
export function formOf(id: string): string {
  return `announcement:${id}`;
}

/** The edit page's forms as the announcement stands; the resolve form proposes now as the end. */
function valuesOf(a: DriftAnnouncement, now: Date): Record<string, string> {
  return {
    rubrik: a.titleSv,
    rubrikEn: a.titleEn ?? '',
    paverkan: a.impactSv,
    paverkanEn: a.impactEn ?? '',
    centralKomponent: a.centralComponent ? 'ja' : '',
    allvarlighet: a.severity ?? '',
    svarandeMyndigheter: a.answeringAgencies === null ? '' : String(a.answeringAgencies),
    forvantatSlut: localValueOf(a.expectedEndAt),
    slut: localValueOf(now),
    orsak: a.cause ?? '',
    atgardsplan: a.actionPlan ?? '',
  };
}
