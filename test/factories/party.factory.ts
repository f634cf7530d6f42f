import { randomInt } from 'node:crypto';
import { AppUser } from '../../src/parties/app-user.entity';
import { Party, PartyKind } from '../../src/parties/party.entity';
import { Person } from '../../src/parties/person.entity';
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

/** A party of the kind that fills in the SSBTEK self-declaration: "Det är Driftleverantören som ska fylla i formuläret" (seed 000). */
export function aDriftleverantör(overrides: Partial<Party> = {}): Promise<Party> {
  return aParty({ kind: PartyKind.Driftleverantör, name: `Driftleverantör ${randomInt(1_000_000)}`, ...overrides });
}

/**
 * A person with a membership in `partyId` (SKR when null), as accepting an invitation leaves them. The person has
 * no issuer yet, like one carried over by the migration: the first token pins it. Pass `personId` for a second
 * membership of the same person.
 */
export async function aUser(overrides: Partial<AppUser> & { partyId: string | null }): Promise<AppUser> {
  const db = await ownerDb();
  const subject = overrides.subject ?? `user-${randomInt(1_000_000_000)}@test`;
  const personId = overrides.personId ?? (await db.getRepository(Person).save({ issuer: null, subject })).id;
  return db.getRepository(AppUser).save({
    subject,
    personId,
    name: 'Anna Andersson',
    email: 'anna.andersson@example.se',
    role: overrides.partyId ? Role.Reporter : Role.Skr,
    language: 'sv',
    active: true,
    ...overrides,
  });
}
