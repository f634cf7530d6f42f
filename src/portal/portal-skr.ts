import { SKR_ROLES } from '../actor/role';
import type { Membership, PartiesService } from '../parties/parties.service';

/**
 * SKR's people are members of no party (their app_user row has no party_id), yet they sign in like everyone and pick
 * "SKR" among their memberships. The session names it by this id, which no party's uuid can equal; the guard acts
 * for it with partyId null, exactly the Actor an SKR token gives on the API.
 */
export const SKR_PARTY_ID = 'skr';
/** The organisation's own short name, shown where a party's name would be; the same in Swedish and English. */
const SKR_NAME = 'SKR';

/** The person's memberships: SKR first when they have an active SKR role, then their parties by name. */
export async function portalMemberships(parties: PartiesService, issuer: string, subject: string): Promise<Membership[]> {
  const [memberships, skr] = await Promise.all([parties.membershipsOf(issuer, subject), parties.identify(issuer, subject, null)]);
  const user = skr.user;
  if (!user?.active || !SKR_ROLES.includes(user.role)) return memberships;
  return [{ partyId: SKR_PARTY_ID, partyName: SKR_NAME, role: user.role }, ...memberships];
}
