import { Injectable } from '@nestjs/common';
import { type Actor, hasRole, isSkr } from '../actor/actor';
import { Role } from '../actor/role';
import { questionsOf } from '../declarations/declaration-answers';
import { DeclarationQueriesService } from '../declarations/declaration-queries.service';
import { HtmlPage, PageRenderer } from '../pages/page-renderer';
import { answeredByParty, isOpenFor } from './declaration-detail.pages';
import { PortalFormsService } from './portal-forms.service';
import type { PortalPage } from './portal-page.decorator';

const SEARCH_MAX = 200;

/**
 * The citation picker of one answer: the deviations it cites now, and a search among those the party may cite (the
 * API's citable-deviations query), each with a button that adds or removes it. Without JavaScript: forms and links.
 */
@Injectable()
export class DeclarationCitationsPages {
  constructor(
    private readonly renderer: PageRenderer,
    private readonly queries: DeclarationQueriesService,
    private readonly forms: PortalFormsService,
  ) {}

  async picker(page: PortalPage, actor: Actor, id: string): Promise<HtmlPage> {
    const view = await this.queries.get(actor, id);
    const flash = await this.forms.takeFlash(page, `declaration:${id}`);
    const key = typeof page.query.question === 'string' ? page.query.question : '';
    const found = questionsOf(view.template.document).get(key);
    const question = found && answeredByParty(found) ? found : null;
    const q = typeof page.query.q === 'string' ? page.query.q.slice(0, SEARCH_MAX) : '';
    const answer = view.answers.find((candidate) => candidate.questionKey === key);
    const cited = (answer?.citations ?? []).flatMap((cid) => {
      const deviation = view.deviations.get(cid);
      return deviation ? [{ id: deviation.id, key: deviation.key, rubrik: deviation.rubrik, status: deviation.status }] : [];
    });
    const results = (await this.queries.citable(actor, id, q || undefined)).filter((d) => !answer?.citations.includes(d.id));
    const section = view.template.document.sections.find((s) => s.subsections.some((u) => u.questions.some((qq) => qq.key === key)));
    return this.renderer.render(
      '/portal/views/declarations/citations',
      {
        id,
        version: view.declaration.version,
        question,
        back: `/declarations/${id}${section ? `?section=${encodeURIComponent(section.key)}` : ''}`,
        open: question !== null && !isSkr(actor) && hasRole(actor, Role.Reporter, Role.Admin) && isOpenFor(view, key),
        q,
        cited,
        results: results.map((d) => ({ id: d.id, key: d.key, rubrik: d.rubrik, status: d.status })),
        errors: flash?.errors ?? {},
      },
      page.context,
    );
  }
}
