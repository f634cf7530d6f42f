import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import type { Actor } from '../actor/actor';
import { UpdatePreferencesDto } from '../notifications/dto/notification-preferences.dto';
import { NotificationPreferencesService } from '../notifications/notification-preferences.service';
import { MANDATORY_NOTIFICATION_TYPES, NOTIFICATION_TYPES } from '../notifications/notification-type';
import { HtmlPage, PageRenderer } from '../pages/page-renderer';
import type { FormOutcome } from './portal-memberships.service';
import type { PortalPage } from './portal-page.decorator';

/** The types a person may turn off; the mandatory ones are shown checked and locked, and never posted. */
const CHOOSABLE = NOTIFICATION_TYPES.filter((type) => !MANDATORY_NOTIFICATION_TYPES.includes(type));

/** A person's e-mail choices per event type, for the party they act for: what PUT /notifications/preferences takes. */
@Injectable()
export class NotificationPreferencesPages {
  constructor(
    private readonly renderer: PageRenderer,
    private readonly preferences: NotificationPreferencesService,
  ) {}

  async form(page: PortalPage, actor: Actor): Promise<HtmlPage> {
    const { preferences } = await this.preferences.get(actor);
    return this.renderer.render('/portal/views/notification-preferences', { preferences, saved: page.query.saved === '1' }, page.context);
  }

  /**
   * The form holds every choosable type, so an unchecked box is a type turned off (a browser posts only checked
   * boxes); anything posted that is not a choosable type is ignored, as a form of the page could not send it.
   */
  async save(actor: Actor, form: Record<string, unknown>): Promise<FormOutcome> {
    const chosen = [form['email[]'] ?? []].flat();
    const preferences = CHOOSABLE.map((type) => ({ type, email: chosen.includes(type) }));
    await this.preferences.update(actor, plainToInstance(UpdatePreferencesDto, { preferences }));
    return { location: '/notifications?saved=1' };
  }
}
