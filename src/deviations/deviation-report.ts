import type { Deviation } from './deviation.entity';
import type { CreateDeviationDto } from './dto/create-deviation.dto';

/** The fields a report sets as the party sends them (contacts are copied apart, member by member). */
const SENT_FIELDS = [
  'rubrik',
  'reproduktionssteg',
  'skäl',
  'utfall',
  'förväntat',
  'del',
  'bastjänst',
  'miljö',
  'kravreferens',
  'påverkan',
  'tidpunkt',
] as const;

/** The party-owned fields, for diffs in the history: what it sends, and what follows from it. */
export const REPORTED_FIELDS = [...SENT_FIELDS, 'tidpunktProposed', 'kontaktpersoner', 'prioritet'] as const;

/** The fields of the party's report that the request sets. */
export function reportedFields(dto: Partial<CreateDeviationDto>): Partial<Deviation> {
  const fields: Partial<Deviation> = {};
  for (const name of SENT_FIELDS) {
    if (dto[name] !== undefined) (fields as Record<string, unknown>)[name] = dto[name];
  }
  if (dto.kontaktpersoner) fields.kontaktpersoner = dto.kontaktpersoner.map(({ namn, telefon, epost }) => ({ namn, telefon, epost }));
  return fields;
}
