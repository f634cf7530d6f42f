import { isUuid } from '../common/uuid';

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

/**
 * The scope as the two settings row-level security reads, checked: statements that cannot bind them (a simple-protocol
 * batch) write them into their text, so the party must be a UUID and SKR a fixed on/off.
 */
export function scopeSettings(scope: DataScope): { partyId: string; skr: 'on' | 'off' } {
  const partyId = scope.partyId ?? '';
  if (partyId !== '' && !isUuid(partyId)) throw new Error('a data scope names its party by UUID');
  return { partyId, skr: scope.skr ? 'on' : 'off' };
}
