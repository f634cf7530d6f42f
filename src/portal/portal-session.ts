/** A login under way: what the callback checks the provider's answer against (RFC 9700: state, nonce, PKCE). */
export interface PendingLogin {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  readonly returnTo: string;
}

/** The person a completed login names, as the provider asserted it. */
export interface SessionPerson {
  readonly issuer: string;
  readonly subject: string;
  readonly email: string | null;
  /** The provider's `name` claim, to prefill the contact person of a report. */
  readonly name: string | null;
  /** Kept for RP-initiated logout (`id_token_hint`). */
  readonly idToken: string;
}

/** What a form sent back when it had errors, shown once by the page it redirects to. */
export interface FormFlash {
  readonly form: string;
  readonly values: Record<string, string>;
  /** The boxes checked in a field of several values (`eventTypes[]`), by the field's name. */
  readonly choices?: Record<string, readonly string[]>;
  readonly errors: Record<string, string>;
}

/**
 * A portal session as stored in Redis. The browser holds only its random id (an HTTP-only cookie); the party the
 * person acts for is their choice among their memberships, checked again on every request.
 */
export interface PortalSession {
  readonly createdAt: number;
  /** The synchroniser token every form posts back. */
  readonly csrfToken: string;
  readonly login?: PendingLogin;
  readonly person?: SessionPerson;
  readonly party?: { readonly id: string; readonly name: string };
  /** Set when the person has more than one membership, so the header offers to change party. */
  readonly manyParties?: boolean;
  /** Where to go once logged in and a party is chosen (a same-origin path). */
  readonly returnTo?: string;
  readonly flash?: FormFlash;
  readonly notice?: string;
}
