import type { EntityManager } from 'typeorm';
import { type AgreementDefinition, UC_SSBTEK_2024 } from '../agreements/agreements';

/** The agreement the party is bound to by default: it times a new deviation until SKR names a responsible party. */
export async function agreementOf(manager: EntityManager, partyId: string): Promise<AgreementDefinition> {
  const [row] = (await manager.query(`SELECT a.definition FROM party p JOIN agreement a ON a.code = p.agreement_code WHERE p.id = $1`, [
    partyId,
  ])) as {
    definition: AgreementDefinition | null;
  }[];
  return row?.definition ?? UC_SSBTEK_2024;
}

/**
 * The code of the agreement that times each deviation (by id) the transaction may see: the responsible party's for
 * the deviation's bastjänst, else its default; before triage the reporter's. Read through a database function because
 * the reporter may not read the responsible party's row (see migration 1764500000000).
 */
export async function timingAgreementCodes(manager: EntityManager, deviationIds: readonly string[]): Promise<Map<string, string>> {
  if (deviationIds.length === 0) return new Map();
  const rows = (await manager.query(`SELECT deviation_id, agreement_code FROM app_deviation_agreements($1::uuid[])`, [deviationIds])) as {
    deviation_id: string;
    agreement_code: string;
  }[];
  return new Map(rows.map((r) => [r.deviation_id, r.agreement_code]));
}

/** The agreement that times one deviation: its calendar, its priority matrix and its targets. */
export async function timingAgreementOf(manager: EntityManager, deviationId: string): Promise<AgreementDefinition> {
  const code = (await timingAgreementCodes(manager, [deviationId])).get(deviationId);
  if (!code) return UC_SSBTEK_2024;
  const [row] = (await manager.query(`SELECT definition FROM agreement WHERE code = $1`, [code])) as { definition: AgreementDefinition }[];
  return row?.definition ?? UC_SSBTEK_2024;
}
