/**
 * What one transaction may see. Row-level security reads these two settings (see the RLS migration): a party
 * scope sees only rows of its own party; the SKR scope sees all rows; a scope with neither sees nothing.
 */
export interface DataScope {
  readonly partyId: string | null;
  readonly skr: boolean;
}

/** The worker and the stack tools act for the service itself, as SKR would. */
export const SYSTEM_SCOPE: DataScope = Object.freeze({ partyId: null, skr: true });
