import { DeviationStatus } from '../deviations/deviation.entity';
import type { Evidence } from './declaration-answer.entity';
import { JA_NEJ } from './declaration-answers';
import { ReviewOutcome } from './declaration-review.entity';
import { DeclarationStatus } from './declaration.entity';
import type { DeclarationView } from './declaration-view';

const SVAR_TEXT: Record<(typeof JA_NEJ)[number], string> = { ja: 'Ja', nej: 'Nej', ej_relevant: 'Ej relevant' };

const OUTCOME_TEXT: Record<ReviewOutcome, string> = {
  [ReviewOutcome.Godkänd]: 'Godkänd med eller utan avvikelser',
  [ReviewOutcome.GodkändMedFörbehåll]: 'Godkänd med förbehåll',
  [ReviewOutcome.IckeGodkänd]: 'Icke godkänd',
};

const DECLARATION_STATUS_TEXT: Record<DeclarationStatus, string> = {
  [DeclarationStatus.Utkast]: 'Utkast',
  [DeclarationStatus.Inskickad]: 'Inskickad',
  [DeclarationStatus.Komplettering]: 'Komplettering',
  [DeclarationStatus.Godkänd]: 'Godkänd',
  [DeclarationStatus.IckeGodkänd]: 'Icke godkänd',
  [DeclarationStatus.Tillbakadragen]: 'Tillbakadragen',
};

const DEVIATION_STATUS_TEXT: Record<DeviationStatus, string> = {
  [DeviationStatus.Utkast]: 'Utkast',
  [DeviationStatus.Inskickad]: 'Inskickad',
  [DeviationStatus.Mottagen]: 'Mottagen',
  [DeviationStatus.UnderUtredning]: 'Under utredning',
  [DeviationStatus.Åtgärdas]: 'Åtgärdas',
  [DeviationStatus.VäntarPåKomplettering]: 'Väntar på komplettering',
  [DeviationStatus.Löst]: 'Löst',
  [DeviationStatus.Stängd]: 'Stängd',
  [DeviationStatus.Återkallad]: 'Återkallad',
};

/** Every interpolated value goes through here: answers and deviation titles are the party's free text. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const lines = (text: string | null | undefined) => escapeHtml(text).replace(/\n/g, '<br>');

/** A print-ready, self-contained HTML document of the declaration: the template's sections with the answers. */
export function renderDeclarationHtml(view: DeclarationView, partyName: string): string {
  const { declaration: d, template } = view;
  const answers = new Map(view.answers.map((a) => [a.questionKey, a]));
  const deviationRef = (id: string) => {
    const deviation = view.deviations.get(id);
    return deviation
      ? `${escapeHtml(deviation.key)} ${escapeHtml(deviation.rubrik)} (${escapeHtml(DEVIATION_STATUS_TEXT[deviation.status])})`
      : '';
  };
  // The file by its name, whose it is (the declaration's own or a cited deviation's), and where in it to look.
  const evidenceRef = (e: Evidence) => {
    const owner = e.deviationId ? `bilaga till ${escapeHtml(view.deviations.get(e.deviationId)?.key ?? '')}` : 'deklarationens bilaga';
    return `${escapeHtml(view.fileNames.get(e.attachmentId) ?? e.attachmentId)} (${owner}), ${escapeHtml(e.locator)}`;
  };
  const sections = template.document.sections
    .map((section) => {
      const subsections = section.subsections
        .map((subsection) => {
          const rows = subsection.questions
            .map((question) => {
              const answer = answers.get(question.key);
              const svar = !answer
                ? '<em>Ej besvarad</em>'
                : question.answerType === 'ja_nej'
                  ? escapeHtml(SVAR_TEXT[answer.svar as keyof typeof SVAR_TEXT] ?? answer.svar)
                  : lines(answer.svar);
              const extra = [
                answer?.kommentar ? `<div class="kommentar">Kommentar: ${lines(answer.kommentar)}</div>` : '',
                answer?.citations.length
                  ? `<div class="citeringar">Hänvisade avvikelser: ${answer.citations.map(deviationRef).join('; ')}</div>`
                  : '',
                answer?.evidence.length ? `<div class="belagg">Underlag: ${answer.evidence.map(evidenceRef).join('; ')}</div>` : '',
                answer?.newDeviation
                  ? `<div class="ny-avvikelse">Ny avvikelse (registreras vid inskick): ${escapeHtml(answer.newDeviation.rubrik)}</div>`
                  : '',
              ].join('');
              return `<tr><td>${lines(question.text)}${question.filledBy === 'skr' ? ' <small>(fylls i av SKR)</small>' : ''}</td><td>${svar}${extra}</td></tr>`;
            })
            .join('\n');
          return `<h3>${escapeHtml(subsection.title)}</h3>\n<table><thead><tr><th>Fråga</th><th>Svar</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
        })
        .join('\n');
      return `<section><h2>${escapeHtml(section.title)}</h2>\n${subsections}</section>`;
    })
    .join('\n');
  const known = view.knownDeviationIds.length
    ? `<ul>${view.knownDeviationIds.map((id) => `<li>${deviationRef(id)}</li>`).join('')}</ul>`
    : '<p>Inga kända avvikelser.</p>';
  const reviews = view.reviews.length
    ? `<table><thead><tr><th>Omgång</th><th>Bedömning</th><th>Kommentar</th><th>Överenskommet datum / ny tidplan</th><th>Granskare</th><th>Datum</th></tr></thead><tbody>${view.reviews
        .map(
          (r) =>
            `<tr><td>${r.round}</td><td>${escapeHtml(OUTCOME_TEXT[r.outcome])}</td><td>${lines(r.comment)}</td><td>${escapeHtml(r.agreedDate ?? r.newTimetable ?? '')}</td><td>${escapeHtml(r.reviewerName)}</td><td>${escapeHtml(r.decidedAt.toISOString().slice(0, 10))}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p>Ännu inte granskad.</p>';
  return `<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<title>${escapeHtml(template.title)} – ${escapeHtml(partyName)}</title>
<style>
body { font-family: sans-serif; font-size: 11pt; margin: 2cm; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1em; }
th, td { border: 1px solid #999; padding: 4px 6px; vertical-align: top; text-align: left; }
section { page-break-inside: avoid; }
@media print { body { margin: 0; } }
</style>
</head>
<body>
<h1>${escapeHtml(template.title)}</h1>
<p>Part: ${escapeHtml(partyName)}<br>Mall: ${escapeHtml(template.name)} version ${template.version}<br>Status: ${escapeHtml(DECLARATION_STATUS_TEXT[d.status])}, granskningsomgång ${d.round}</p>
${sections}
<section><h2>Kända avvikelser vid driftstart</h2>
${known}</section>
<section><h2>Underskrift</h2>
<p>Kontaktperson: ${escapeHtml(d.signatureName ?? '–')}<br>Datum: ${escapeHtml(d.signatureDate ?? '–')}</p></section>
<section><h2>SKR:s bedömning</h2>
${reviews}</section>
</body>
</html>
`;
}
