import { Injectable } from '@nestjs/common';
import { type Actor, hasRole, isSkr } from '../actor/actor';
import { Role } from '../actor/role';
import { SIGNATURE_QUESTIONS } from '../declarations/declaration-answers';
import { DeclarationAttachmentsService } from '../declarations/declaration-attachments.service';
import { declarationDocument } from '../declarations/declaration-export';
import { DeclarationQueriesService } from '../declarations/declaration-queries.service';
import { ReviewOutcome } from '../declarations/declaration-review.entity';
import type { DeclarationView } from '../declarations/declaration-view';
import { declarationReference, DeclarationStatus, EDITABLE_STATUSES } from '../declarations/declaration.entity';
import type { TemplateQuestion } from '../declarations/templates/template-types';
import { HtmlPage, PageRenderer } from '../pages/page-renderer';
import { PartiesService } from '../parties/parties.service';
import { evidenceOf } from './evidence-upload-answer';
import { PortalFormsService } from './portal-forms.service';
import type { PortalPage } from './portal-page.decorator';

/** Whether the party answers `question` on its pages (SKR's fields and the signature block are not answers). */
export function answeredByParty(question: TemplateQuestion): boolean {
  return question.filledBy === 'part' && !SIGNATURE_QUESTIONS[question.key];
}

/** Whether the party may change the answer to `key` now: an open declaration, and a reopened key when SKR named some. */
export function isOpenFor(view: DeclarationView, key: string): boolean {
  const { status, reopenedKeys } = view.declaration;
  if (!EDITABLE_STATUSES.includes(status)) return false;
  return status !== DeclarationStatus.Komplettering || reopenedKeys.length === 0 || reopenedKeys.includes(key);
}

/** The HTML id of a question's field: template keys may hold dots, which an id may not (html-validate valid-id). */
export function fieldIdOf(key: string): string {
  return `q-${key.replace(/\./g, '__')}`;
}

/**
 * A declaration's page. The party fills it in section by section (progress per section, one form per section, the
 * signature, evidence and submission); SKR reads every answer beside the deviations it cites and decides. Both read
 * the decision and what it reopened.
 */
@Injectable()
export class DeclarationDetailPages {
  constructor(
    private readonly renderer: PageRenderer,
    private readonly queries: DeclarationQueriesService,
    private readonly attachments: DeclarationAttachmentsService,
    private readonly parties: PartiesService,
    private readonly forms: PortalFormsService,
  ) {}

  async detail(page: PortalPage, actor: Actor, id: string): Promise<HtmlPage> {
    const view = await this.queries.get(actor, id);
    const [files, flash] = await Promise.all([this.attachments.list(actor, id), this.forms.takeFlash(page, `declaration:${id}`)]);
    const { declaration, template } = view;
    const answers = new Map(view.answers.map((answer) => [answer.questionKey, answer]));
    const sections = template.document.sections.map((section) => {
      const questions = section.subsections.flatMap((subsection) => subsection.questions).filter(answeredByParty);
      return {
        key: section.key,
        title: section.title,
        total: questions.length,
        answered: questions.filter((question) => answers.has(question.key)).length,
      };
    });
    const wanted = typeof page.query.section === 'string' ? page.query.section : undefined;
    const current = template.document.sections.find((section) => section.key === wanted) ?? template.document.sections[0];
    const index = template.document.sections.indexOf(current);
    const questionTexts = new Map(
      template.document.sections.flatMap((s) => s.subsections.flatMap((u) => u.questions.map((q) => [q.key, q.text]))),
    );
    const latest = view.reviews.at(-1);
    const skr = isSkr(actor);
    const mayWrite = !skr && hasRole(actor, Role.Reporter, Role.Admin);
    return this.renderer.render(
      '/portal/views/declarations/declaration',
      {
        declaration,
        reference: declarationReference(declaration),
        template: { title: template.title, version: template.version },
        sections,
        current: {
          key: current.key,
          title: current.title,
          description: current.description,
          next: template.document.sections[index + 1]?.key ?? null,
          subsections: current.subsections.map((subsection) => ({
            title: subsection.title,
            description: subsection.description,
            questions: subsection.questions.filter(answeredByParty).map((question) => {
              const answer = answers.get(question.key);
              return {
                ...question,
                fieldId: fieldIdOf(question.key),
                open: mayWrite && isOpenFor(view, question.key),
                svar: answer?.svar ?? null,
                kommentar: answer?.kommentar ?? null,
                citations: (answer?.citations ?? []).flatMap((cited) => {
                  const deviation = view.deviations.get(cited);
                  return deviation ? [{ id: deviation.id, key: deviation.key, rubrik: deviation.rubrik, status: deviation.status }] : [];
                }),
                newDeviation: answer?.newDeviation?.rubrik ?? null,
              };
            }),
          })),
        },
        editable: mayWrite && EDITABLE_STATUSES.includes(declaration.status),
        files: files.map(evidenceOf),
        latest: latest
          ? {
              ...latest,
              reopened:
                latest.outcome === ReviewOutcome.GodkändMedFörbehåll ? latest.items.map((key) => questionTexts.get(key) ?? key) : [],
            }
          : null,
        skrReview: skr && declaration.status === DeclarationStatus.Inskickad && hasRole(actor, Role.Skr, Role.SkrAdmin),
        document: skr ? declarationDocument(view, (await this.parties.getParty(actor, declaration.partyId)).name) : null,
        reviewItems: skr
          ? template.document.sections
              .flatMap((s) => s.subsections.flatMap((u) => u.questions))
              .filter(answeredByParty)
              .map((q) => ({ key: q.key, text: q.text }))
          : [],
        outcomes: Object.values(ReviewOutcome),
        reviewerName: page.session?.person?.name ?? '',
        errors: flash?.errors ?? {},
        values: flash?.values ?? {},
      },
      page.context,
    );
  }

  /** The print version inside the portal's frame: the same document as the API's export, in the reader's language. */
  async print(page: PortalPage, actor: Actor, id: string): Promise<HtmlPage> {
    const doc = await this.queries.document(actor, id);
    return this.renderer.render('/portal/views/declarations/print', { doc, id }, page.context);
  }
}
