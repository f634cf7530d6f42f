import type { FieldError } from '../common/domain-error';
import { questionsOf, SIGNATURE_QUESTIONS } from './declaration-answers';
import { ReviewOutcome } from './declaration-review.entity';
import { DeclarationStatus } from './declaration.entity';
import { InvalidReviewError } from './declarations.errors';
import type { CreateReviewDto } from './dto/declaration-requests.dto';

/** Where SKR's decision leaves the declaration. */
export const NEXT_STATUS: Record<ReviewOutcome, DeclarationStatus> = {
  [ReviewOutcome.Godkänd]: DeclarationStatus.Godkänd,
  [ReviewOutcome.GodkändMedFörbehåll]: DeclarationStatus.Komplettering,
  [ReviewOutcome.IckeGodkänd]: DeclarationStatus.IckeGodkänd,
};

/** Each outcome carries what the party needs next; only a reservation reopens items, and only the party's own questions. */
export function assertReviewComplete(dto: CreateReviewDto, items: string[], questions: ReturnType<typeof questionsOf>): void {
  const errors: FieldError[] = [];
  if (dto.outcome === ReviewOutcome.GodkändMedFörbehåll && !dto.agreedDate) {
    errors.push({
      pointer: '/agreedDate',
      detail: 'An approval with reservations needs the date agreed for fixes and re-tests.',
      code: 'required',
    });
  }
  if (dto.outcome === ReviewOutcome.IckeGodkänd && !dto.newTimetable) {
    errors.push({
      pointer: '/newTimetable',
      detail: 'A rejection needs the new timetable for fixes, tests and the next review.',
      code: 'required',
    });
  }
  if (items.length > 0 && dto.outcome !== ReviewOutcome.GodkändMedFörbehåll) {
    errors.push({ pointer: '/items', detail: 'Only an approval with reservations reopens single items.', code: 'notAllowed' });
  }
  items.forEach((key, index) => {
    const question = questions.get(key);
    if (!question || question.filledBy !== 'part' || SIGNATURE_QUESTIONS[key]) {
      errors.push({ pointer: `/items/${index}`, detail: 'Not a question the party answers in this template.', code: 'unknownQuestion' });
    }
  });
  if (errors.length > 0) throw new InvalidReviewError(errors);
}
