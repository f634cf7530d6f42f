import type { Deviation } from '../deviations/deviation.entity';
import type { DeclarationAnswer } from './declaration-answer.entity';
import type { DeclarationReview } from './declaration-review.entity';
import type { DeclarationTemplate } from './declaration-template.entity';
import type { Declaration } from './declaration.entity';

/** Everything one declaration shows: the pinned template, answers, the deviations they cite (as they are now), reviews. */
export interface DeclarationView {
  declaration: Declaration;
  template: DeclarationTemplate;
  answers: DeclarationAnswer[];
  reviews: DeclarationReview[];
  /** The cited and the known deviations, by id, with their current status. */
  deviations: Map<string, Deviation>;
  /** The party's list, or the cited deviations while the party has not edited it. */
  knownDeviationIds: string[];
  /** File names of the attachments the answers cite as evidence, by attachment id. */
  fileNames: Map<string, string>;
}
