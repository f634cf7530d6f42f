import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import type { Actor } from '../actor/actor';
import { CENTRAL_CODE, StatusBoardService } from '../driftinfo/status-board.service';
import { UpdateDriftSubscriptionDto } from '../notifications/dto/drift-subscription.dto';
import { DriftSubscriptionsService } from '../notifications/drift-subscriptions.service';
import { DriftSubscriptionFieldError } from '../notifications/notifications.errors';
import { HtmlPage, PageRenderer } from '../pages/page-renderer';
import type { FormOutcome } from './portal-memberships.service';
import { PortalFormsService } from './portal-forms.service';
import type { PortalPage } from './portal-page.decorator';

export const DRIFT_SUBSCRIPTION_PATH = '/notifications/driftinformation';
const FORM = 'drift-subscription';
/** A bastjänst code as the API's DTO takes it; anything else could not come from the page's own boxes. */
const CODE = /^[a-z0-9_-]{1,40}$/;

/**
 * A party user's own e-mail subscription to driftinformation, per bastjänst and kind: the API's
 * `PUT /api/v1/driftinfo/subscription` through the same service, so a person only ever reads and writes their own
 * (the service finds it by the Actor's party and user, never by an id the form could name).
 */
@Injectable()
export class DriftSubscriptionPages {
  constructor(
    private readonly renderer: PageRenderer,
    private readonly subscriptions: DriftSubscriptionsService,
    private readonly statusBoard: StatusBoardService,
    private readonly forms: PortalFormsService,
  ) {}

  async form(page: PortalPage, actor: Actor): Promise<HtmlPage> {
    const [mine, { board }, flash] = await Promise.all([
      this.subscriptions.mine(actor),
      this.statusBoard.current(page.context.language),
      this.forms.takeFlash(page, FORM),
    ]);
    const values = flash
      ? {
          aktiv: flash.values.aktiv !== undefined,
          driftstorningar: flash.values.driftstorningar !== undefined,
          planerade: flash.values.planerade !== undefined,
          bastjanster: flash.choices?.['bastjanster[]'] ?? [],
        }
      : { aktiv: mine.aktiv, driftstorningar: mine.driftstörningar, planerade: mine.planeradeÄndringar, bastjanster: mine.bastjänster };
    return this.renderer.render(
      '/portal/views/drift-subscription',
      {
        values,
        errors: flash?.errors ?? {},
        services: board.services.filter((service) => service.code !== CENTRAL_CODE),
        saved: page.query.saved === '1',
      },
      page.context,
    );
  }

  /** The form holds every box: an unchecked one is a choice turned off, as a browser posts only checked boxes. */
  async save(actor: Actor, form: Record<string, unknown>): Promise<FormOutcome> {
    const chosen = [form['bastjanster[]'] ?? []].flat().filter((code): code is string => typeof code === 'string');
    const dto = plainToInstance(UpdateDriftSubscriptionDto, {
      aktiv: form.aktiv !== undefined,
      driftstörningar: form.driftstorningar !== undefined,
      planeradeÄndringar: form.planerade !== undefined,
      bastjänster: [...new Set(chosen)],
    });
    if (dto.aktiv && !dto.driftstörningar && !dto.planeradeÄndringar) return { errors: { omfattning: 'driftSubscription.areaRequired' } };
    if (!dto.bastjänster!.every((code) => CODE.test(code))) return { errors: { bastjanster: 'driftSubscription.serviceUnknown' } };
    try {
      await this.subscriptions.setMine(actor, dto);
    } catch (error) {
      // A bastjänst the list no longer has (a form from before a change, or a forged one).
      if (!(error instanceof DriftSubscriptionFieldError)) throw error;
      return { errors: { bastjanster: 'driftSubscription.serviceUnknown' } };
    }
    return { location: `${DRIFT_SUBSCRIPTION_PATH}?saved=1` };
  }
}
