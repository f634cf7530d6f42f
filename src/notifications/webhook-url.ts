import { isIP } from 'node:net';
import { nonGlobalRange } from './webhook-address';

const INTERNAL_NAMES = /(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/i;

export interface WebhookUrlRules {
  /** Production: a party's events leave SKR only encrypted. */
  requireHttps: boolean;
  /** WEBHOOK_ALLOW_PRIVATE_TARGETS: loopback and private networks are acceptable (development and tests). */
  allowPrivate: boolean;
}

/**
 * Why a webhook URL is refused, or null when it is acceptable. An address written in the URL is judged by the same
 * classifier as the address the worker connects to, and reserved names are refused, so the obvious mistakes are
 * answered at once. A name is not resolved here: what SKR's resolver answers about a name must not become a party's
 * oracle of the inside network, and it may answer differently later anyway. The rule that holds is the one at connect
 * time (webhook-agent.ts).
 */
export function refusedWebhookUrl(url: string, rules: WebhookUrlRules): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'Must be a valid absolute URL.';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'Must be an http(s) URL.';
  if (parsed.username || parsed.password) return 'Must not carry credentials; the signature authenticates the sender.';
  if (rules.requireHttps && parsed.protocol !== 'https:') return 'Must be an https URL in production.';
  if (rules.allowPrivate) return null;
  // The WHATWG parser has already turned 2130706433, 0x7f.1 and [::127.0.0.1] into their canonical forms.
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) return nonGlobalRange(host) ? 'Must not be an internal, loopback or link-local address.' : null;
  if (INTERNAL_NAMES.test(host) || !host.includes('.')) return 'Must be a public host name.';
  return null;
}
