import { randomInt } from 'node:crypto';
import { AppUser } from '../../src/parties/app-user.entity';
import { Party, PartyKind } from '../../src/parties/party.entity';
import { Role } from '../../src/actor/role';
import { ownerDb } from '../support/database';

/** A random organisationsnummer with a valid Luhn check digit (third digit ≥ 2, as for legal persons). */
export function anOrganisationNumber(): string {
  const body = `${randomInt(1, 10)}${randomInt(0, 10)}${randomInt(2, 10)}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
  for (let check = 0; check < 10; check++) {
    const candidate = body + check;
    let sum = 0;
    for (let i = 0; i < candidate.length; i++) {
      let digit = Number(candidate[candidate.length - 1 - i]);
      if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      sum += digit;
    }
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}

export async function aParty(overrides: Partial<Party> = {}): Promise<Party> {
  const db = await ownerDb();
  return db.getRepository(Party).save({
    kind: PartyKind.Kommun,
    name: `Testkommun ${randomInt(1_000_000)}`,
    organisationNumber: anOrganisationNumber(),
    active: true,
    ...overrides,
  });
}

export async function aUser(overrides: Partial<AppUser> & { partyId: string | null }): Promise<AppUser> {
  const db = await ownerDb();
  return db.getRepository(AppUser).save({
    subject: `user-${randomInt(1_000_000_000)}@test`,
    name: 'Anna Andersson',
    email: 'anna.andersson@example.se',
    role: overrides.partyId ? Role.Reporter : Role.Skr,
    language: 'sv',
    active: true,
    ...overrides,
  });
}
