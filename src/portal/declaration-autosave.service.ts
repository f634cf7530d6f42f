import { Injectable } from '@nestjs/common';
import type { Actor } from '../actor/actor';
import { Clock } from '../common/clock';
import { DomainError, RequestValidationError } from '../common/domain-error';
import { DeclarationQueriesService } from '../declarations/declaration-queries.service';
import { DeclarationsService } from '../declarations/declarations.service';
import { PageRenderer } from '../pages/page-renderer';
import { type AutosaveAnswer, savedMessage } from './autosave-answer';
import { formText, sectionAnswers } from './declaration-section-form';
import type { PortalPage } from './portal-page.decorator';

/**
 * A declaration section's autosave (portal.js): the section form's answers through the same update as its save
 * button, at the version the page holds — a change made elsewhere answers 412 and the script stops and says so.
 * An answer the rules refuse as it stands (a "nej" not cited yet, a "not relevant" not yet motivated) must not keep
 * the section's other answers from being saved: it is left out, and the status line says some answers wait.
 */
@Injectable()
export class DeclarationAutosaveService {
  constructor(
    private readonly declarations: DeclarationsService,
    private readonly queries: DeclarationQueriesService,
    private readonly renderer: PageRenderer,
    private readonly clock: Clock,
  ) {}

  async saveSection(page: PortalPage, actor: Actor, id: string, form: Record<string, unknown>): Promise<AutosaveAnswer> {
    const view = await this.queries.get(actor, id);
    const section = view.template.document.sections.find((candidate) => candidate.key === formText(form, 'section'));
    if (!section) throw new RequestValidationError([{ pointer: '/section', detail: 'No such section.', code: 'isIn' }]);
    const version = Number(formText(form, 'version'));
    if (!Number.isInteger(version)) throw new RequestValidationError([{ pointer: '/version', detail: 'Not a version.', code: 'isInt' }]);
    const answers = sectionAnswers(view, section, form);
    const t = this.renderer.translator(page.context.language);
    try {
      const saved = await this.declarations.updateAnswers(actor, id, version, { answers });
      return { version: saved.declaration.version, message: savedMessage(t, page.context.language, this.clock.now()) };
    } catch (error) {
      const waiting = refusedAnswers(error);
      if (!waiting) throw error;
      for (const key of waiting) delete answers[key];
      const saved = await this.declarations.updateAnswers(actor, id, version, { answers });
      return {
        version: saved.declaration.version,
        message: savedMessage(t, page.context.language, this.clock.now(), 'autosave.savedExcept'),
      };
    }
  }
}

/** The answers a refusal names, when it names nothing but answers (`/answers/<key>/…`); null for anything else. */
function refusedAnswers(error: unknown): string[] | null {
  if (!(error instanceof DomainError) || !['unprocessable', 'invalid'].includes(error.kind) || !error.errors?.length) return null;
  const keys = error.errors.map((e) =>
    /^\/answers\/([^/]+)/
      .exec(e.pointer ?? '')?.[1]
      ?.replace(/~1/g, '/')
      .replace(/~0/g, '~'),
  );
  return keys.every((key): key is string => key !== undefined) ? [...new Set(keys)] : null;
}
