/** What a user or client may do. Party roles act for one party; SKR roles belong to no party. */
export enum Role {
  /** Reports deviations and follows them. */
  Reporter = 'reporter',
  /** Reads the party's deviations and declarations. */
  Reader = 'reader',
  /** Manages the party's users and notification settings, and reports. */
  Admin = 'admin',
  /** SKR förvaltning: triage and review across all parties. */
  Skr = 'skr',
  /** SKR administration: parties, templates, agreements, Jira mapping. */
  SkrAdmin = 'skr-admin',
}

export const PARTY_ROLES: readonly Role[] = [Role.Reporter, Role.Reader, Role.Admin];
export const SKR_ROLES: readonly Role[] = [Role.Skr, Role.SkrAdmin];
