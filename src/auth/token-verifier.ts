import { Injectable, OnModuleInit } from '@nestjs/common';
import { createLocalJWKSet, createRemoteJWKSet, errors as joseErrors, type JWTPayload, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { isUuid } from '../common/uuid';
import { AppConfig, AuthMode } from '../config/app-config';
import { UnauthenticatedError } from './auth.errors';
import { DEV_ISSUER_PATH, DevIssuer } from './dev-issuer';

export interface VerifiedToken {
  /** The issuer checked by the verifier: with `subject`, the person's identity. */
  issuer: string;
  subject: string;
  partyId: string | null;
  roles: string[];
  /** The `email` claim, unless the provider marks it unverified; null when absent. */
  email: string | null;
}

const TIME_CLAIMS = ['exp', 'iat', 'nbf'];

/**
 * Verified tokens are remembered by their exact text (signature included, so nothing forged can match) for at most a
 * minute and never past their `exp`: a client sends the same token with every request, and checking its RSA
 * signature each time was ~5 % of the API's CPU in the bench. A minute bounds how long a key the issuer has just
 * withdrawn keeps working, as the remote key set's own cache does.
 */
const VERIFIED_CACHE_TTL_MS = 60_000;
const VERIFIED_CACHE_MAX = 10_000;

/**
 * Verifies bearer JWTs: signature against the issuer's JWKS, issuer, audience, expiry, then maps the configured
 * party and roles claims. The dev issuer and a real OIDC issuer differ only in where the key set comes from.
 */
@Injectable()
export class TokenVerifier implements OnModuleInit {
  private readonly verified = new Map<string, { token: VerifiedToken; until: number }>();
  private keySet: JWTVerifyGetKey;
  private issuer: string;
  devIssuer: DevIssuer | null = null;

  constructor(private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    if (this.config.AUTH_MODE === AuthMode.Dev) {
      this.issuer = this.config.OIDC_ISSUER_URL ?? `${this.config.PUBLIC_BASE_URL}${DEV_ISSUER_PATH}`;
      this.devIssuer = await DevIssuer.load(this.config.DEV_ISSUER_KEY_FILE, this.issuer);
      this.keySet = createLocalJWKSet(this.devIssuer.jwks());
      return;
    }
    this.issuer = this.config.OIDC_ISSUER_URL!.replace(/\/$/, '');
    const jwksUrl = this.config.OIDC_JWKS_URL ?? (await this.discoverJwksUri(this.issuer));
    this.keySet = createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 600_000 });
  }

  async verify(token: string): Promise<VerifiedToken> {
    const now = Date.now();
    const cached = this.verified.get(token);
    if (cached && now < cached.until) return cached.token;
    const verified = await this.verifyUncached(token);
    if (this.verified.size >= VERIFIED_CACHE_MAX) this.verified.clear();
    this.verified.set(token, { token: verified.token, until: Math.min(now + VERIFIED_CACHE_TTL_MS, verified.expiresAt) });
    return verified.token;
  }

  private async verifyUncached(token: string): Promise<{ token: VerifiedToken; expiresAt: number }> {
    const payload = await this.verifiedClaims(token);
    const subject = payload.sub;
    if (typeof subject !== 'string' || subject.length === 0 || subject.length > 255) {
      throw new UnauthenticatedError('TOKEN_INVALID', 'The token has no subject.');
    }
    if (hasControlCharacter(subject) || !subject.isWellFormed()) {
      // PostgreSQL cannot even compare a text with U+0000 in it; no issuer hands out such a subject.
      throw new UnauthenticatedError('TOKEN_INVALID', 'The token has a subject that is not valid text.');
    }
    const party = payload[this.config.OIDC_PARTY_CLAIM];
    if (party !== undefined && party !== null && (typeof party !== 'string' || !isUuid(party))) {
      throw new UnauthenticatedError('PARTY_UNKNOWN', 'The token names no known party.');
    }
    return {
      token: {
        issuer: this.issuer,
        subject,
        partyId: (party as string | undefined) ?? null,
        roles: rolesOf(payload[this.config.OIDC_ROLES_CLAIM]),
        email: typeof payload.email === 'string' && payload.email_verified !== false ? payload.email : null,
      },
      expiresAt: payload.exp! * 1000,
    };
  }

  /**
   * Signature, issuer, audience and time. `exp` and `iat` are required (RFC 9068 requires both of access tokens): a
   * token without `exp` would never expire, and one issued in the future or living longer than
   * TOKEN_MAX_LIFETIME_S is refused, so a leaked token is useful for a bounded time only. The issuer's clock may
   * differ from ours by TOKEN_CLOCK_SKEW_S, no more.
   */
  private async verifiedClaims(token: string): Promise<JWTPayload> {
    const maxLifetime = this.config.TOKEN_MAX_LIFETIME_S;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keySet, {
        issuer: this.issuer,
        audience: this.config.OIDC_AUDIENCE,
        algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'],
        clockTolerance: this.config.TOKEN_CLOCK_SKEW_S,
        requiredClaims: ['exp', 'iat'],
        maxTokenAge: maxLifetime,
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw new UnauthenticatedError('TOKEN_EXPIRED', 'The token has expired.');
      if (error instanceof joseErrors.JWTClaimValidationFailed && TIME_CLAIMS.includes(error.claim)) {
        throw error.reason === 'missing'
          ? new UnauthenticatedError('TOKEN_LIFETIME_INVALID', `The token has no "${error.claim}" claim.`)
          : new UnauthenticatedError('TOKEN_NOT_YET_VALID', 'The token is not valid yet.');
      }
      throw new UnauthenticatedError('TOKEN_INVALID', 'The token is not valid for this service.');
    }
    if (payload.exp! - payload.iat! > maxLifetime) {
      throw new UnauthenticatedError('TOKEN_LIFETIME_INVALID', `The token lives longer than the ${maxLifetime} s this service accepts.`);
    }
    return payload;
  }

  private async discoverJwksUri(issuer: string): Promise<string> {
    const response = await fetch(`${issuer}/.well-known/openid-configuration`);
    if (!response.ok) throw new Error(`OIDC discovery failed for ${issuer}: HTTP ${response.status}`);
    const document = (await response.json()) as { jwks_uri?: string };
    if (!document.jwks_uri) throw new Error(`OIDC discovery document of ${issuer} has no jwks_uri`);
    return document.jwks_uri;
  }
}

/** Roles as an array, or a space- or comma-separated string (both are common in OIDC providers). */
function rolesOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((role): role is string => typeof role === 'string');
  if (typeof claim === 'string') return claim.split(/[\s,]+/).filter(Boolean);
  return [];
}

/** C0 controls and DEL: nothing an identity provider puts in a subject, and NUL is unstorable. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
