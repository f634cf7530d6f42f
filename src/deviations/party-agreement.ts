import type { EntityManager } from 'typeorm';
import { type AgreementDefinition, UC_SSBTEK_2024 } from '../agreements/agreements';

/** The agreement the party is bound to: its calendar proposes the timing, its matrix sets the priority. */
export async function agreementOf(manager: EntityManager, partyId: string): Promise<AgreementDefinition> {
  const [row] = (await manager.query(`SELECT a.definition FROM party p JOIN agreement a ON a.code = p.agreement_code WHERE p.id = $1`, [
    partyId,
  ])) as {
    definition: AgreementDefinition | null;
  }[];
  return row?.definition ?? UC_SSBTEK_2024;
}
