import { EntityManager, In } from 'typeorm';
import type { FieldError } from '../common/domain-error';
import { DeviationAttachment } from '../deviations/deviation-attachment.entity';
import { Deviation, DeviationStatus } from '../deviations/deviation.entity';
import type { Evidence } from './declaration-answer.entity';
import { DeclarationAttachment } from './declaration-attachment.entity';
import { isUuid } from '../common/uuid';

const DEVIATION_KEY = /^AVV-\d{4}-\d{5,}$/i;
/** One message for foreign, unknown and withdrawn deviations: a citation must not reveal what exists elsewhere. */
const NOT_CITABLE = 'No deviation reported by or assigned to you with this key or id that can be cited.';

/**
 * Resolves keys or ids to non-withdrawn deviations that concern the party (reported by it or assigned to it), in the caller's transaction; anything else is
 * one and the same error, pushed onto `errors`.
 */
export async function resolveCitable(
  m: EntityManager,
  partyId: string,
  refs: string[],
  pointerOf: (index: number) => string,
  errors: FieldError[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const [index, ref] of refs.entries()) {
    const where = isUuid(ref) ? { id: ref.toLowerCase() } : DEVIATION_KEY.test(ref) ? { key: ref.toUpperCase() } : null;
    // Known deviations that concern the party (seed 000): reported by it or assigned to it, SKR-registered included.
    const deviation = where
      ? await m.findOneBy(Deviation, [
          { ...where, partyId },
          { ...where, responsiblePartyId: partyId },
        ])
      : null;
    if (!deviation || deviation.status === DeviationStatus.Återkallad)
      errors.push({ pointer: pointerOf(index), detail: NOT_CITABLE, code: 'citable' });
    else if (!ids.includes(deviation.id)) ids.push(deviation.id);
  }
  return ids;
}

/**
 * Evidence points at specific material (seed 000): an attachment of a deviation this answer cites, or one of the
 * declaration's own. Anything else — another party's file, a deviation not cited — is one and the same error.
 */
export async function resolveEvidence(
  m: EntityManager,
  declarationId: string,
  evidence: { attachmentId: string; locator: string }[],
  citations: string[],
  pointer: string,
  errors: FieldError[],
): Promise<Evidence[]> {
  if (evidence.length === 0) return [];
  const ids = evidence.map((e) => e.attachmentId.toLowerCase());
  const ofDeviations = new Map((await m.findBy(DeviationAttachment, { id: In(ids) })).map((a) => [a.id, a]));
  const own = new Set((await m.findBy(DeclarationAttachment, { id: In(ids), declarationId })).map((a) => a.id));
  const resolved: Evidence[] = [];
  evidence.forEach((e, index) => {
    const id = e.attachmentId.toLowerCase();
    const ofDeviation = ofDeviations.get(id);
    if (ofDeviation && citations.includes(ofDeviation.deviationId))
      resolved.push({ attachmentId: id, deviationId: ofDeviation.deviationId, locator: e.locator });
    else if (own.has(id)) resolved.push({ attachmentId: id, deviationId: null, locator: e.locator });
    else
      errors.push({
        pointer: `${pointer}/evidence/${index}/attachmentId`,
        detail: 'No attachment of this declaration or of a deviation cited in this answer.',
        code: 'citable',
      });
  });
  return resolved;
}
