import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Actor, isSkr, scopeOf } from '../actor/actor';
import { ScopedDb } from '../database/scoped-db';
import { Party } from '../parties/party.entity';
import { DeviationAttachment } from '../deviations/deviation-attachment.entity';
import { Deviation } from '../deviations/deviation.entity';
import { PageRenderer } from '../pages/page-renderer';
import { declarationDocument, type DeclarationDocument } from './declaration-export';
import type { DeclarationView } from './declaration-view';
import { DeclarationAnswer } from './declaration-answer.entity';
import { DeclarationAttachment } from './declaration-attachment.entity';
import { DeclarationReview } from './declaration-review.entity';
import { DeclarationTemplate } from './declaration-template.entity';
import { Declaration, DeclarationStatus } from './declaration.entity';
import { DeclarationNotFoundError } from './declarations.errors';
import type { ListDeclarationsQueryDto } from './dto/declaration-requests.dto';

const CITABLE_MAX = 50;

/** Reading the declarations an actor may see: lists, one with all it shows, its printable export. */
@Injectable()
export class DeclarationQueriesService {
  constructor(
    private readonly db: ScopedDb,
    private readonly renderer: PageRenderer,
  ) {}

  /** A party sees its own declarations; SKR sees every declaration that has been submitted at least once. */
  async list(actor: Actor, query: ListDeclarationsQueryDto): Promise<Declaration[]> {
    return this.db.transaction(scopeOf(actor), (m) => {
      const builder = m.createQueryBuilder(Declaration, 'd').orderBy('d.created_at', 'DESC').addOrderBy('d.id', 'DESC').limit(500);
      if (isSkr(actor)) {
        builder.andWhere('d.submitted_at IS NOT NULL');
        if (query.partyId) builder.andWhere('d.party_id = :partyId', { partyId: query.partyId });
      } else {
        builder.andWhere('d.party_id = :own', { own: actor.partyId });
      }
      // A withdrawn draft is out of the way unless asked for.
      if (query.status) builder.andWhere('d.status = :status', { status: query.status });
      else builder.andWhere('d.status <> :withdrawn', { withdrawn: DeclarationStatus.Tillbakadragen });
      return builder.getMany();
    });
  }

  async get(actor: Actor, id: string): Promise<DeclarationView> {
    return this.db.transaction(scopeOf(actor), async (m) => this.view(m, await this.find(m, actor, id)));
  }

  /** The declaration as a print-ready, self-contained HTML document in Swedish, rendered by the page stack. */
  async exportHtml(actor: Actor, id: string): Promise<string> {
    const doc = await this.document(actor, id);
    return this.renderer.render('/declarations/views/export', { doc }, { language: 'sv', path: '/' }).html;
  }

  /** What the printed declaration shows (the export and the portal's print page). */
  async document(actor: Actor, id: string): Promise<DeclarationDocument> {
    return this.db.transaction(scopeOf(actor), async (m) => {
      const view = await this.view(m, await this.find(m, actor, id));
      const party = await m.findOneBy(Party, { id: view.declaration.partyId });
      return declarationDocument(view, party?.name ?? '');
    });
  }

  /**
   * The deviations the declaring party may cite (seed 000: "kända avvikelser … som gäller parten"): reported by it or
   * assigned to it, not withdrawn, newest first, at most CITABLE_MAX; `q` matches a key exactly or the text.
   */
  async citable(actor: Actor, id: string, q: string | undefined): Promise<Deviation[]> {
    return this.db.transaction(scopeOf(actor), async (m) => {
      const { partyId } = await this.find(m, actor, id);
      const builder = m
        .createQueryBuilder(Deviation, 'd')
        .where('(d.party_id = :partyId OR d.responsible_party_id = :partyId)', { partyId })
        .andWhere(`d.status <> 'återkallad'`);
      if (q) {
        builder.andWhere(`(d.key = :key OR d.search @@ websearch_to_tsquery('swedish', :q))`, { key: q.trim().toUpperCase(), q });
      }
      return builder.orderBy('d.created_at', 'DESC').addOrderBy('d.id', 'DESC').limit(CITABLE_MAX).getMany();
    });
  }

  /** Finds a declaration the actor may see, or the same 404 for "foreign" and "missing". SKR sees submitted ones only. */
  async find(m: EntityManager, actor: Actor, id: string, forUpdate = false): Promise<Declaration> {
    const declaration = await m.findOne(Declaration, {
      where: { id },
      ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!declaration || (isSkr(actor) && !declaration.submittedAt)) throw new DeclarationNotFoundError();
    return declaration;
  }

  async view(m: EntityManager, declaration: Declaration): Promise<DeclarationView> {
    // One after the other: a transaction is one connection, and pg queues (and will refuse) concurrent queries on it.
    const template = await m.findOneByOrFail(DeclarationTemplate, { id: declaration.templateId });
    const answers = await m.find(DeclarationAnswer, { where: { declarationId: declaration.id }, order: { questionKey: 'ASC' } });
    const reviews = await m.find(DeclarationReview, { where: { declarationId: declaration.id }, order: { round: 'ASC' } });
    const cited = [...new Set(answers.flatMap((a) => a.citations))];
    const knownDeviationIds = declaration.knownDeviationIds ?? cited;
    const ids = [...new Set([...cited, ...knownDeviationIds])];
    const deviations = ids.length === 0 ? [] : await m.findBy(Deviation, { id: In(ids) });
    const fileIds = [...new Set(answers.flatMap((a) => a.evidence.map((e) => e.attachmentId)))];
    const files =
      fileIds.length === 0
        ? []
        : [
            ...(await m.findBy(DeviationAttachment, { id: In(fileIds) })),
            ...(await m.findBy(DeclarationAttachment, { id: In(fileIds), declarationId: declaration.id })),
          ];
    return {
      declaration,
      template,
      answers,
      reviews,
      deviations: new Map(deviations.map((d) => [d.id, d])),
      knownDeviationIds,
      fileNames: new Map(files.map((f) => [f.id, f.filename])),
    };
  }
}
