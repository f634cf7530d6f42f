// What kind of Jira project the simulated site is. Each behaviour below models a fact in ../shared/JIRA-REALITY.md
// ("Comments: public or internal") and has a spec in profiles.spec.ts naming it.
import type { CommentRecord } from './store';
import type { UserDef } from './workflow';

export type SiteProfileName = 'jira-software' | 'jira-service-management';

export const SITE_PROFILES: readonly SiteProfileName[] = ['jira-software', 'jira-service-management'];

/** The comment property Jira Service Management keeps an internal note's flag in. */
export const SD_PUBLIC_COMMENT = 'sd.public.comment';

/** An Automation for Jira rule, the usual author of comments nobody typed. */
export const AUTOMATION_APP: UserDef & { accountType: 'app' } = {
  accountId: '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077',
  displayName: 'Automation for Jira',
  emailAddress: '',
  accountType: 'app',
};

export function siteProfile(name: string | undefined): SiteProfileName {
  if (name === undefined || name === '') return 'jira-software';
  if (!(SITE_PROFILES as readonly string[]).includes(name)) {
    throw new Error(`Unknown Jira site profile "${name}"; one of ${SITE_PROFILES.join(', ')}`);
  }
  return name as SiteProfileName;
}

/**
 * `jsdPublic` as the site answers it. Jira Software has no customer notion and answers true for every comment, a
 * restricted one included (its `visibility` is what restricts it). Service Management answers false for an internal
 * note, whose `sd.public.comment` property says `{"internal": true}`, and true for a reply to the customer — which is
 * also what a comment created through the platform REST API is unless it says otherwise.
 */
export function jsdPublic(profile: SiteProfileName, comment: CommentRecord): boolean {
  if (profile === 'jira-software') return true;
  return !isInternalNote(comment);
}

export function isInternalNote(comment: CommentRecord): boolean {
  const flag = comment.properties.get(SD_PUBLIC_COMMENT);
  return typeof flag === 'object' && flag !== null && (flag as { internal?: unknown }).internal === true;
}
