import type { Deviation } from './deviation.entity';
import type { CreateDeviationDto } from './dto/create-deviation.dto';

/** The party-owned fields, for diffs in the history. */
export const REPORTED_FIELDS = [
  'rubrik',
  'reproduktionssteg',
  'skäl',
  'utfall',
  'förväntat',
  'del',
  'miljö',
  'kravreferens',
  'påverkan',
  'tidpunkt',
  'tidpunktProposed',
  'kontaktpersoner',
  'prioritet',
] as const;

/** The fields of the party's report that the request sets. */
export function reportedFields(dto: Partial<CreateDeviationDto>): Partial<Deviation> {
  const fields: Partial<Deviation> = {};
  for (const name of [
    'rubrik',
    'reproduktionssteg',
    'skäl',
    'utfall',
    'förväntat',
    'del',
    'miljö',
    'kravreferens',
    'påverkan',
    'tidpunkt',
  ] as const) {
    if (dto[name] !== undefined) (fields as Record<string, unknown>)[name] = dto[name];
  }
  if (dto.kontaktpersoner) fields.kontaktpersoner = dto.kontaktpersoner.map(({ namn, telefon, epost }) => ({ namn, telefon, epost }));
  return fields;
}
