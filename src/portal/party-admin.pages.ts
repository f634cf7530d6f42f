import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Actor } from '../actor/actor';
import { PARTY_ROLES } from '../actor/role';
import { Clock } from '../common/clock';
import { isUuid } from '../common/uuid';
import { CreateWebhookDto } from '../notifications/dto/party-webhook.dto';
import { NOTIFICATION_TYPES } from '../notifications/notification-type';
import { WebhookLimitReachedError, WebhookNotFoundError, WebhookUrlRefusedError } from '../notifications/notifications.errors';
import { PartyWebhooksService } from '../notifications/party-webhooks.service';
import { HtmlPage, PageRenderer } from '../pages/page-renderer';
import { CreateInvitationDto, InvitationResponseDto } from '../parties/dto/invitation.dto';
import { InvitationNotFoundError } from '../parties/parties.errors';
import { InvitationsService } from '../parties/invitations.service';
import { PartiesService } from '../parties/parties.service';
import { PortalFormsService } from './portal-forms.service';
import type { FormOutcome } from './portal-memberships.service';
import type { PortalPage } from './portal-page.decorator';
import { PortalSessionsService } from './portal-sessions.service';

const LANGUAGES = ['sv', 'en'] as const;
/** The flash that carries a new webhook's secret to the one page view that shows it. */
const SECRET_FLASH = 'webhook-secret';

/** The party admin's pages: users and invitations (invite, revoke), webhooks (add with the secret shown once, delete). */
@Injectable()
export class PartyAdminPages {
  constructor(
    private readonly renderer: PageRenderer,
    private readonly parties: PartiesService,
    private readonly invitations: InvitationsService,
    private readonly webhooks: PartyWebhooksService,
    private readonly forms: PortalFormsService,
    private readonly sessions: PortalSessionsService,
    private readonly clock: Clock,
  ) {}

  async users(page: PortalPage, actor: Actor): Promise<HtmlPage> {
    const partyId = actor.partyId!;
    const [users, invitations, flash] = await Promise.all([
      this.parties.listUsers(actor, partyId),
      this.invitations.list(actor, partyId),
      this.forms.takeFlash(page, 'admin-users'),
    ]);
    const now = this.clock.now();
    return this.renderer.render(
      '/portal/views/admin/users',
      {
        users,
        invitations: invitations.map((invitation) => InvitationResponseDto.from(invitation, now)),
        roles: PARTY_ROLES,
        languages: LANGUAGES,
        done: doneOf(page, ['invited', 'revoked']),
        errors: flash?.errors ?? {},
        values: flash?.values ?? {},
      },
      page.context,
    );
  }

  /** An invitation to the admin's own party, validated as the API's body is, each refusal beside its field. */
  async invite(actor: Actor, form: Record<string, unknown>): Promise<FormOutcome> {
    const dto = plainToInstance(CreateInvitationDto, {
      email: textOf(form.email),
      name: textOf(form.name),
      role: PARTY_ROLES.find((role) => role === form.role),
      language: LANGUAGES.find((language) => language === form.language) ?? 'sv',
    });
    const invalid = await validate(dto, { whitelist: true });
    if (invalid.length > 0) {
      return { errors: Object.fromEntries(invalid.map((error) => [error.property, `admin.invitations.errors.${error.property}`])) };
    }
    await this.invitations.invite(actor, actor.partyId, dto);
    return { location: '/admin/users?invited=1' };
  }

  async revoke(actor: Actor, invitationId: unknown): Promise<FormOutcome> {
    const gone = { errors: { invitations: 'admin.invitations.errors.gone' } };
    if (typeof invitationId !== 'string' || !isUuid(invitationId)) return gone;
    try {
      await this.invitations.revoke(actor, actor.partyId!, invitationId);
      return { location: '/admin/users?revoked=1' };
    } catch (error) {
      if (error instanceof InvitationNotFoundError) return gone;
      throw error;
    }
  }

  async webhookList(page: PortalPage, actor: Actor): Promise<HtmlPage> {
    const [webhooks, secret] = await Promise.all([this.webhooks.list(actor), this.forms.takeFlash(page, SECRET_FLASH)]);
    const flash = secret ? null : await this.forms.takeFlash(page, 'admin-webhooks');
    return this.renderer.render(
      '/portal/views/admin/webhooks',
      {
        webhooks,
        types: NOTIFICATION_TYPES,
        now: this.clock.now(),
        created: secret
          ? { ...secret.values, previousUntil: secret.values.previousUntil ? new Date(secret.values.previousUntil) : null }
          : null,
        done: doneOf(page, ['deleted']),
        errors: flash?.errors ?? {},
        values: flash?.values ?? {},
        checked: flash?.choices?.['eventTypes[]'] ?? [],
      },
      page.context,
    );
  }

  /** Registers a webhook; its secret goes to the next page view through the session and is then forgotten here too. */
  async addWebhook(page: PortalPage, actor: Actor, form: Record<string, unknown>): Promise<FormOutcome> {
    const description = textOf(form.description);
    const dto = plainToInstance(CreateWebhookDto, {
      url: textOf(form.url),
      eventTypes: [form['eventTypes[]'] ?? []].flat(),
      ...(description ? { description } : {}),
    });
    const invalid = await validate(dto, { whitelist: true });
    if (invalid.length > 0) {
      const key = (property: string) => `admin.webhooks.errors.${property === 'eventTypes' ? 'events' : property}`;
      return { errors: Object.fromEntries(invalid.map((error) => [error.property, key(error.property)])) };
    }
    try {
      const { webhook, secret } = await this.webhooks.create(actor, dto);
      await this.sessions.save(page.sessionId!, {
        ...page.session!,
        flash: { form: SECRET_FLASH, values: { url: webhook.url, secret }, errors: {} },
      });
      return { location: '/admin/webhooks' };
    } catch (error) {
      if (error instanceof WebhookUrlRefusedError) return { errors: { url: 'admin.webhooks.errors.refused' } };
      if (error instanceof WebhookLimitReachedError) return { errors: { url: 'admin.webhooks.errors.limit' } };
      throw error;
    }
  }

  /** A new secret for a webhook, shown once like a new webhook's; the old one signs too until the grace ends. */
  async rotateSecret(page: PortalPage, actor: Actor, webhookId: unknown): Promise<FormOutcome> {
    const gone = { errors: { webhooks: 'admin.webhooks.errors.gone' } };
    if (typeof webhookId !== 'string' || !isUuid(webhookId)) return gone;
    try {
      const { webhook, secret } = await this.webhooks.rotateSecret(actor, webhookId);
      const previousUntil = webhook.previousSecretExpiresAt!.toISOString();
      await this.sessions.save(page.sessionId!, {
        ...page.session!,
        flash: { form: SECRET_FLASH, values: { url: webhook.url, secret, previousUntil }, errors: {} },
      });
      return { location: '/admin/webhooks' };
    } catch (error) {
      if (error instanceof WebhookNotFoundError) return gone;
      throw error;
    }
  }

  async deleteWebhook(actor: Actor, webhookId: unknown): Promise<FormOutcome> {
    const gone = { errors: { webhooks: 'admin.webhooks.errors.gone' } };
    if (typeof webhookId !== 'string' || !isUuid(webhookId)) return gone;
    try {
      await this.webhooks.remove(actor, webhookId);
      return { location: '/admin/webhooks?deleted=1' };
    } catch (error) {
      if (error instanceof WebhookNotFoundError) return gone;
      throw error;
    }
  }
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** Which of `names` the redirect after a successful form set (`?invited=1`), for its confirmation. */
function doneOf(page: PortalPage, names: string[]): string | null {
  return names.find((name) => page.query[name] === '1') ?? null;
}
