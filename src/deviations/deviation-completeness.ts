import type { FieldError } from '../common/domain-error';
import type { Deviation } from './deviation.entity';

/** What seed 000 requires of a submitted deviation, as one error per missing field. */
export function incompleteFields(d: Deviation): FieldError[] {
  const errors: FieldError[] = [];
  const missing = (pointer: string, detail = 'Required when submitting.') => errors.push({ pointer, detail, code: 'required' });
  if (!d.reproduktionssteg && !d.skäl) {
    const detail = 'Give reproduktionssteg (steps that bring it about again) or skäl (why the requirement cannot be met).';
    missing('/reproduktionssteg', detail);
    missing('/skäl', detail);
  }
  if (!d.utfall) missing('/utfall');
  if (!d.del) missing('/del');
  if (!d.miljö) missing('/miljö');
  if (!d.kravreferens)
    missing('/kravreferens', 'Deviation handling is for agreed requirements: name the requirement, contract or agreement.');
  if (!d.påverkan) missing('/påverkan');
  if (!d.tidpunkt) missing('/tidpunkt');
  if (!d.kontaktpersoner?.length) missing('/kontaktpersoner', 'At least one contact person is required.');
  return errors;
}
