// What kind of Jira project the simulated site is. Each behaviour below models a fact in ../shared/JIRA-REALITY.md
// and has a spec in profiles.spec.ts naming it.
import type { CustomFieldDef, ScreenOptions } from './screens';
import type { SiteSettings } from './site-access';
import type { CommentRecord } from './store';
import type { UserDef } from './workflow';

/**
 * `jira-software` and `jira-service-management` differ in what a comment says about who sees it. `strict` is a Jira
 * Software project configured as a real site is, with every switch of screens.ts and site-access.ts that a real site
 * may have on at once (STRICT_SITE).
 */
export type SiteProfileName = 'jira-software' | 'jira-service-management' | 'strict';

export const SITE_PROFILES: readonly SiteProfileName[] = ['jira-software', 'jira-service-management', 'strict'];

/** The comment property Jira Service Management keeps an internal note's flag in. */
export const SD_PUBLIC_COMMENT = 'sd.public.comment';

/** An Automation for Jira rule, the usual author of comments nobody typed. */
export const AUTOMATION_APP: UserDef & { accountType: 'app' } = {
  accountId: '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077',
  displayName: 'Automation for Jira',
  emailAddress: '',
  accountType: 'app',
};

/** The strict site's required select list: SKR files every issue under the party that reported it. */
export const STRICT_PARTY_FIELD: CustomFieldDef = {
  id: 'customfield_10100',
  name: 'Rapporterande part',
  type: 'option',
  options: ['CSN', 'Försäkringskassan', 'Göteborgs Stad', 'Skatteverket'],
};
/** On the strict site's edit screen only: a create that sets it is refused. */
export const STRICT_ROOT_CAUSE_FIELD: CustomFieldDef = { id: 'customfield_10101', name: 'Rotorsak', type: 'string' };

/** What the Automation rule of the strict site writes on every new issue. */
export const STRICT_AUTOMATION_COMMENT = 'Ärendet är registrerat och triageras inom en arbetsdag.';

export interface SiteProfilePreset {
  screens?: ScreenOptions;
  site?: Partial<SiteSettings>;
  /** An Automation for Jira rule that comments on every issue created (its author's accountType is `app`). */
  automationCommentOnCreate?: string;
}

/**
 * Every fact of JIRA-REALITY at once, as strict as those facts and no more forgiving than the sync needs: a workflow
 * that is not global (Att göra → Åtgärdas takes three steps), a resolution screen on Löst and Stängd, a comment
 * validator on "Begär komplettering", a create screen without Rotorsak and with a required party select list, status
 * and resolution names in English (the service account's language, not SKR's), search that lags 5 s behind every
 * write, and an Automation rule that comments on each new issue. Security levels SKR sets (admin setSecurityLevel)
 * and tokens and permissions (sim.site) work on every profile.
 */
export const STRICT_SITE: SiteProfilePreset = {
  screens: {
    workflow: 'strict',
    transitionRequires: { '10005': ['resolution'], '10006': ['resolution'], '10004': ['comment'] },
    createScreen: ['summary', 'description', 'priority', 'labels', STRICT_PARTY_FIELD.id],
    customFields: [STRICT_PARTY_FIELD, STRICT_ROOT_CAUSE_FIELD],
    requiredCustomFields: [STRICT_PARTY_FIELD.id],
    language: 'en',
  },
  site: { searchLagMs: 5_000 },
  automationCommentOnCreate: STRICT_AUTOMATION_COMMENT,
};

/** The screens, site settings and rules a profile starts with; options given to the simulator win over them. */
export function profilePreset(profile: SiteProfileName): SiteProfilePreset {
  return profile === 'strict' ? STRICT_SITE : {};
}

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
  if (profile !== 'jira-service-management') return true;
  return !isInternalNote(comment);
}

export function isInternalNote(comment: CommentRecord): boolean {
  const flag = comment.properties.get(SD_PUBLIC_COMMENT);
  return typeof flag === 'object' && flag !== null && (flag as { internal?: unknown }).internal === true;
}
