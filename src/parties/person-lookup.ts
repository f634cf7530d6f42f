import { EntityManager } from 'typeorm';

/**
 * The person a token's issuer ($1) and subject ($2) name. A person carried over without an issuer matches any
 * issuer until its first login pins one; a pinned person of the same subject is preferred, so pinning never clashes.
 */
export const PERSON_OF_TOKEN = `SELECT id, issuer FROM person WHERE subject = $2 AND (issuer = $1 OR issuer IS NULL)
  ORDER BY issuer NULLS LAST LIMIT 1`;

export async function pinIssuer(manager: EntityManager, personId: string, issuer: string): Promise<void> {
  await manager.query(`UPDATE person SET issuer = $2 WHERE id = $1 AND issuer IS NULL`, [personId, issuer]);
}

/** The person of this issuer and subject, created when it is new. Runs in the service's own scope. */
export async function findOrCreatePerson(manager: EntityManager, issuer: string, subject: string): Promise<string> {
  const [found] = (await manager.query(PERSON_OF_TOKEN, [issuer, subject])) as { id: string; issuer: string | null }[];
  if (found) {
    if (found.issuer === null) await pinIssuer(manager, found.id, issuer);
    return found.id;
  }
  // Two first logins of one person at once: the second waits on the first's row and then reads it.
  await manager.query(
    `INSERT INTO person (issuer, subject) VALUES ($1, $2) ON CONFLICT ON CONSTRAINT uq_person_issuer_subject DO NOTHING`,
    [issuer, subject],
  );
  const [created] = (await manager.query(PERSON_OF_TOKEN, [issuer, subject])) as { id: string }[];
  return created.id;
}
