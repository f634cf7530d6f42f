import type { Deviation, DeviationStatus } from '../deviations/deviation.entity';
import type { Evidence } from './declaration-answer.entity';
import { JA_NEJ } from './declaration-answers';
import type { ReviewOutcome } from './declaration-review.entity';
import type { DeclarationStatus } from './declaration.entity';
import type { DeclarationView } from './declaration-view';

/** A cited or known deviation as the document names it: key, title and its status now. */
export interface CitedLine {
  key: string;
  rubrik: string;
  status: DeviationStatus;
}

export interface DocumentRow {
  text: string;
  bySkr: boolean;
  /** The catalogue key of a yes/no answer; null for a free answer (`svar`) or none. */
  svarKey: string | null;
  svar: string | null;
  kommentar: string | null;
  citations: CitedLine[];
  evidence: { name: string; deviationKey: string | null; locator: string }[];
  newDeviation: string | null;
}

/**
 * What the declaration's printed document shows, for the API's export and the portal's print page alike (the
 * template /declarations/views/declaration-document.eta): the template's sections with the answers, the known
 * deviations, the signature and SKR's decisions. Texts around the data come from the catalogue.
 */
export interface DeclarationDocument {
  title: string;
  partyName: string;
  templateName: string;
  version: number;
  status: DeclarationStatus;
  round: number;
  sections: { title: string; subsections: { title: string; rows: DocumentRow[] }[] }[];
  known: CitedLine[];
  signatureName: string | null;
  signatureDate: string | null;
  reviews: {
    round: number;
    outcome: ReviewOutcome;
    comment: string | null;
    agreed: string;
    reviewerName: string;
    decided: string;
  }[];
}

export function declarationDocument(view: DeclarationView, partyName: string): DeclarationDocument {
  const { declaration: d, template } = view;
  const answers = new Map(view.answers.map((a) => [a.questionKey, a]));
  const cited = (id: string): CitedLine[] => {
    const deviation: Deviation | undefined = view.deviations.get(id);
    return deviation ? [{ key: deviation.key, rubrik: deviation.rubrik, status: deviation.status }] : [];
  };
  // The file by its name, whose it is (the declaration's own or a cited deviation's), and where in it to look.
  const evidence = (e: Evidence) => ({
    name: view.fileNames.get(e.attachmentId) ?? e.attachmentId,
    deviationKey: e.deviationId ? (view.deviations.get(e.deviationId)?.key ?? '') : null,
    locator: e.locator,
  });
  return {
    title: template.title,
    partyName,
    templateName: template.name,
    version: template.version,
    status: d.status,
    round: d.round,
    sections: template.document.sections.map((section) => ({
      title: section.title,
      subsections: section.subsections.map((subsection) => ({
        title: subsection.title,
        rows: subsection.questions.map((question): DocumentRow => {
          const answer = answers.get(question.key);
          const yesNo = question.answerType === 'ja_nej' && (JA_NEJ as readonly string[]).includes(answer?.svar ?? '');
          return {
            text: question.text,
            bySkr: question.filledBy === 'skr',
            svarKey: answer && yesNo ? `declarations.svar.${answer.svar}` : null,
            svar: answer && !yesNo ? answer.svar : null,
            kommentar: answer?.kommentar ?? null,
            citations: (answer?.citations ?? []).flatMap(cited),
            evidence: (answer?.evidence ?? []).map(evidence),
            newDeviation: answer?.newDeviation?.rubrik ?? null,
          };
        }),
      })),
    })),
    known: view.knownDeviationIds.flatMap(cited),
    signatureName: d.signatureName,
    signatureDate: d.signatureDate,
    reviews: view.reviews.map((r) => ({
      round: r.round,
      outcome: r.outcome,
      comment: r.comment,
      agreed: r.agreedDate ?? r.newTimetable ?? '',
      reviewerName: r.reviewerName,
      decided: r.decidedAt.toISOString().slice(0, 10),
    })),
  };
}
