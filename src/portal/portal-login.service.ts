import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, NodeEnv } from '../config/app-config';
import { samePath } from '../pages/page-request';
import { PartiesService } from '../parties/parties.service';
import * as oidc from './openid-client.esm.mjs';
import { LoginAssuranceError, LoginFailedError, LoginUnavailableError } from './portal.errors';
import type { PortalSession } from './portal-session';
import { PortalSessionsService } from './portal-sessions.service';
import { portalMemberships } from './portal-skr';

export const CALLBACK_PATH = '/login/callback';

/** Where a browser goes next, and the session (a new id after login) it goes with. */
export interface LoginStep {
  readonly location: string;
  readonly sessionId: string;
}

/**
 * The portal's login: OpenID Connect authorization code flow with PKCE (S256), state and nonce, against
 * PORTAL_OIDC_ISSUER_URL, discovered on the first login so the API starts while the provider is down. A completed
 * login gets a new session id (no fixation) and lands on the party picker when the person has several parties.
 */
@Injectable()
export class PortalLoginService {
  private readonly logger = new Logger(PortalLoginService.name);
  private discovered: Promise<oidc.Configuration> | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly sessions: PortalSessionsService,
    private readonly parties: PartiesService,
  ) {}

  async start(returnTo: unknown): Promise<LoginStep> {
    const provider = await this.provider();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const login = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier, returnTo: samePath(returnTo) };
    const { id } = await this.sessions.create({ login });
    const url = oidc.buildAuthorizationUrl(provider, {
      redirect_uri: this.redirectUri(),
      scope: 'openid email profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state: login.state,
      nonce: login.nonce,
      ...(this.requiredAcr().length ? { acr_values: this.requiredAcr().join(' ') } : {}),
    });
    return { location: url.href, sessionId: id };
  }

  /** The provider's redirect back: checks it against the pending login and signs the person in. */
  async finish(sessionId: string | undefined, session: PortalSession | null, query: Record<string, unknown>): Promise<LoginStep> {
    const pending = session?.login;
    if (!pending) throw new LoginFailedError('no login is under way in this browser');
    const provider = await this.provider();
    const callback = new URL(this.redirectUri());
    for (const [name, value] of Object.entries(query)) if (typeof value === 'string') callback.searchParams.set(name, value);
    const tokens = await oidc
      .authorizationCodeGrant(provider, callback, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      })
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, 'portal login refused');
        throw new LoginFailedError('the provider did not confirm it');
      });
    const claims = tokens.claims()!;
    const required = this.requiredAcr();
    if (required.length && !required.includes(String(claims.acr ?? ''))) throw new LoginAssuranceError();
    await this.sessions.destroy(sessionId);
    // Providers put e-mail and name in the ID token or only in the userinfo answer (oidc-provider by default).
    const profile =
      typeof claims.email === 'string' ? claims : await oidc.fetchUserInfo(provider, tokens.access_token, claims.sub).catch(() => claims);
    const email = typeof profile.email === 'string' && profile.email_verified !== false ? profile.email : null;
    const name = typeof profile.name === 'string' ? profile.name : null;
    const person = { issuer: claims.iss, subject: claims.sub, email, name, idToken: tokens.id_token! };
    const memberships = await portalMemberships(this.parties, person.issuer, person.subject);
    const only = memberships.length === 1 ? memberships[0] : undefined;
    const { id } = await this.sessions.create({
      person,
      returnTo: pending.returnTo,
      manyParties: memberships.length > 1,
      ...(only ? { party: { id: only.partyId, name: only.partyName } } : {}),
    });
    this.logger.log({ issuer: person.issuer, memberships: memberships.length }, 'portal login');
    return { location: only ? pending.returnTo : '/choose-party', sessionId: id };
  }

  /** Ends the session here and, when the provider offers it, there too (RP-initiated logout). */
  async logout(sessionId: string | undefined, session: PortalSession | null): Promise<string> {
    await this.sessions.destroy(sessionId);
    if (!session?.person || !this.config.PORTAL_OIDC_ISSUER_URL) return '/';
    const provider = await this.provider();
    if (!provider.serverMetadata().end_session_endpoint) return '/';
    return oidc.buildEndSessionUrl(provider, {
      id_token_hint: session.person.idToken,
      post_logout_redirect_uri: `${this.config.PUBLIC_BASE_URL}/`,
    }).href;
  }

  private provider(): Promise<oidc.Configuration> {
    const issuer = this.config.PORTAL_OIDC_ISSUER_URL;
    if (!issuer) return Promise.reject(new LoginUnavailableError());
    // Plain http only outside production: the embedded provider of `npm start` and the tests listen on loopback.
    const insecure = issuer.startsWith('http:') && this.config.NODE_ENV !== NodeEnv.Production;
    const authentication = this.config.PORTAL_OIDC_CLIENT_SECRET
      ? oidc.ClientSecretBasic(this.config.PORTAL_OIDC_CLIENT_SECRET)
      : oidc.None();
    this.discovered ??= oidc
      .discovery(
        new URL(issuer),
        this.config.PORTAL_OIDC_CLIENT_ID,
        undefined,
        authentication,
        insecure ? { execute: [oidc.allowInsecureRequests] } : {},
      )
      .catch((error: unknown) => {
        this.discovered = null;
        this.logger.error({ err: error, issuer }, 'portal OIDC discovery failed');
        throw new LoginUnavailableError();
      });
    return this.discovered;
  }

  private redirectUri(): string {
    return `${this.config.PUBLIC_BASE_URL}${CALLBACK_PATH}`;
  }

  private requiredAcr(): string[] {
    return (this.config.PORTAL_REQUIRED_ACR ?? '').split(',').filter(Boolean);
  }
}
