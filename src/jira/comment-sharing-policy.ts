/**
 * Which Jira comments reach the party: only those positively marked for it. Everything else fails closed, because
 * a triager's internal remark or an Automation comment e-mailed to a municipality cannot be called back.
 */

/** `marker` for Jira Software projects, `jsm-public` for Jira Service Management, `none` to share nothing. */
export type CommentShareMode = 'marker' | 'jsm-public' | 'none';

export interface CommentSharingSettings {
  mode: CommentShareMode;
  /** The prefix that marks a comment for the party in `marker` mode, e.g. `Till part:`. */
  marker: string;
}

/** Who wrote a comment, as far as sharing is concerned. */
export type CommentAuthorKind = 'person' | 'app' | 'other';

/** What the sync knows about one Jira comment when it decides. */
export interface CommentFacts {
  text: string;
  /** From Jira's `accountType`: `atlassian` is a person, `app` an app or Automation, anything else (`customer`) other. */
  authorKind: CommentAuthorKind;
  /** Restricted to a role or group (`visibility`). */
  restricted: boolean;
  /** Jira's `jsdPublic`; Jira Software answers true even for a restricted comment. */
  jsdPublic: boolean;
  /** The Service Management property `sd.public.comment` says `{"internal": true}`. */
  internalNote: boolean;
  /** The issue has a security level: nothing of it is shared, as JBI does. */
  issueSecured: boolean;
}

/** Stable reasons, stored with the comment's metadata and shown to SKR. */
export type NotSharedReason =
  'sharing_off' | 'security_level' | 'app_author' | 'not_a_person' | 'restricted' | 'internal_note' | 'not_marked' | 'empty' | 'deleted';

export type SharingDecision = { share: true; text: string } | { share: false; reason: NotSharedReason };

export function decideSharing(facts: CommentFacts, settings: CommentSharingSettings): SharingDecision {
  if (settings.mode === 'none') return { share: false, reason: 'sharing_off' };
  if (facts.issueSecured) return { share: false, reason: 'security_level' };
  if (facts.authorKind === 'app') return { share: false, reason: 'app_author' };
  if (facts.authorKind !== 'person') return { share: false, reason: 'not_a_person' };
  if (facts.restricted) return { share: false, reason: 'restricted' };
  // An internal note stays internal in either mode, even when its text happens to start with the marker.
  if (!facts.jsdPublic || facts.internalNote) return { share: false, reason: 'internal_note' };
  const text = settings.mode === 'marker' ? afterMarker(facts.text, settings.marker) : facts.text.trim();
  if (text === null) return { share: false, reason: 'not_marked' };
  if (text === '') return { share: false, reason: 'empty' };
  return { share: true, text };
}

/**
 * The text after the marker, or null when the comment does not start with it. Case and the whitespace around the
 * marker are forgiven (a triager types `till part :` too); anything before it is not: a marker quoted mid-text is
 * not a decision to share.
 */
function afterMarker(text: string, marker: string): string | null {
  const words = marker.trim().replace(/\s*:$/, '').split(/\s+/).map(escapeRegExp);
  const colon = marker.trim().endsWith(':') ? '\\s*:' : '';
  const match = new RegExp(`^\\s*${words.join('\\s+')}${colon}`, 'iu').exec(text);
  return match ? text.slice(match[0].length).trim() : null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
