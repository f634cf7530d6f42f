import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Actor, isSkr, scopeOf } from '../actor/actor';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import type { FieldChanges } from '../common/diff';
import type { FieldError } from '../common/domain-error';
import { isUuid } from '../common/uuid';
import { ScopedDb } from '../database/scoped-db';
import { NotificationType } from '../notifications/notification-type';
import { NotificationsService } from '../notifications/notifications.service';
import { Party } from '../parties/party.entity';
import { DeviationAttachment } from '../deviations/deviation-attachment.entity';
import { Deviation, DeviationStatus } from '../deviations/deviation.entity';
import { DeviationsService, incompleteFields } from '../deviations/deviations.service';
import type { CreateDeviationDto } from '../deviations/dto/create-deviation.dto';
import { renderDeclarationHtml } from './declaration-export';
import type { DeclarationView } from './declaration-view';
import { escapePointer, parseAnswers, questionsOf, SIGNATURE_QUESTIONS } from './declaration-answers';
import { DeclarationAnswer, Evidence } from './declaration-answer.entity';
import { DeclarationAttachment } from './declaration-attachment.entity';
import { DeclarationReview, ReviewOutcome } from './declaration-review.entity';
import { DeclarationTemplate, TemplateStatus } from './declaration-template.entity';
import { Declaration, declarationReference, DeclarationStatus, EDITABLE_STATUSES } from './declaration.entity';
import {
  DeclarationIncompleteError,
  DeclarationLockedError,
  DeclarationNotFoundError,
  DeclarationStateError,
  DeclarationVersionMismatchError,
  InvalidAnswersError,
  InvalidReviewError,
  TemplateNotPublishedError,
} from './declarations.errors';
import type {
  CreateDeclarationDto,
  CreateReviewDto,
  KnownDeviationsDto,
  ListDeclarationsQueryDto,
  SignatureDto,
  UpdateAnswersDto,
} from './dto/declaration-requests.dto';

const DEVIATION_KEY = /^AVV-\d{4}-\d{5,}$/i;
/** One message for foreign, unknown and withdrawn deviations: a citation must not reveal what exists elsewhere. */
const NOT_CITABLE = 'No deviation of yours with this key or id that can be cited.';

const NEXT_STATUS: Record<ReviewOutcome, DeclarationStatus> = {
  [ReviewOutcome.Godkänd]: DeclarationStatus.Godkänd,
  [ReviewOutcome.GodkändMedFörbehåll]: DeclarationStatus.Komplettering,
  [ReviewOutcome.IckeGodkänd]: DeclarationStatus.IckeGodkänd,
};

/** Self-declarations: filled in and signed by a party, submitted, reviewed by SKR round after round. */
@Injectable()
export class DeclarationsService {
  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
    private readonly deviations: DeviationsService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, dto: CreateDeclarationDto): Promise<DeclarationView> {
    return this.db.transaction(scopeOf(actor), async (m) => {
      const template = await m.findOneBy(DeclarationTemplate, { id: dto.templateId });
      if (template?.status !== TemplateStatus.Publicerad) throw new TemplateNotPublishedError();
      const declaration = await m.save(
        m.create(Declaration, {
          partyId: actor.partyId!,
          templateId: template.id,
          createdBy: actor.userId,
          status: DeclarationStatus.Utkast,
          round: 1,
        }),
      );
      await this.audit.record(m, actor, {
        action: 'declaration.created',
        entityType: 'declaration',
        entityId: declaration.id,
        partyId: declaration.partyId,
        changes: { template: { from: null, to: `${template.name} v${template.version}` } },
      });
      return this.view(m, declaration);
    });
  }

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

  /** The declaration as a print-ready HTML document. */
  async exportHtml(actor: Actor, id: string): Promise<string> {
    return this.db.transaction(scopeOf(actor), async (m) => {
      const view = await this.view(m, await this.find(m, actor, id));
      const party = await m.findOneBy(Party, { id: view.declaration.partyId });
      return renderDeclarationHtml(view, party?.name ?? '');
    });
  }

  /** Bulk upsert of answers by question key; `null` clears one. All or nothing: one bad answer writes none. */
  async updateAnswers(actor: Actor, id: string, expected: number, dto: UpdateAnswersDto): Promise<DeclarationView> {
    return this.db.transaction(scopeOf(actor), async (m) => {
      const declaration = await this.findEditable(m, actor, id, expected);
      const template = await m.findOneByOrFail(DeclarationTemplate, { id: declaration.templateId });
      const reopened = declaration.status === DeclarationStatus.Komplettering ? declaration.reopenedKeys : null;
      const { answers, errors } = await parseAnswers(dto.answers, questionsOf(template.document), reopened);
      const resolved = new Map<string, { citations: string[]; evidence: Evidence[] }>();
      for (const [key, answer] of answers) {
        if (!answer) continue;
        const pointer = `/answers/${escapePointer(key)}`;
        const citations = await this.resolveCitable(
          m,
          declaration.partyId,
          answer.citations ?? [],
          (i) => `${pointer}/citations/${i}`,
          errors,
        );
        const evidence = await this.resolveEvidence(m, declaration.id, answer.evidence ?? [], citations, pointer, errors);
        resolved.set(key, { citations, evidence });
      }
      if (errors.length > 0) throw new InvalidAnswersError(errors);

      const existing = new Map((await m.findBy(DeclarationAnswer, { declarationId: id })).map((a) => [a.questionKey, a]));
      const changes: FieldChanges = {};
      for (const [key, answer] of answers) {
        const before = existing.get(key);
        if (!answer) {
          if (before) await m.delete(DeclarationAnswer, { id: before.id });
        } else {
          await m.save(DeclarationAnswer, {
            ...(before ? { id: before.id } : {}),
            declarationId: id,
            partyId: declaration.partyId,
            questionKey: key,
            svar: answer.svar,
            kommentar: answer.kommentar ?? null,
            citations: resolved.get(key)!.citations,
            evidence: resolved.get(key)!.evidence,
            newDeviation: answer.newDeviation ? toPlain(answer.newDeviation) : null,
            updatedBy: actor.userId,
          });
        }
        changes[key] = { from: before?.svar ?? null, to: answer?.svar ?? null };
      }
      return this.touch(m, actor, declaration, 'declaration.answers_updated', changes);
    });
  }

  /** The "Kända avvikelser" the party declares will remain at go-live; replaces the list derived from citations. */
  async setKnownDeviations(actor: Actor, id: string, expected: number, dto: KnownDeviationsDto): Promise<DeclarationView> {
    return this.db.transaction(scopeOf(actor), async (m) => {
      const declaration = await this.findEditable(m, actor, id, expected);
      const errors: FieldError[] = [];
      const ids = await this.resolveCitable(m, declaration.partyId, dto.deviations, (i) => `/deviations/${i}`, errors);
      if (errors.length > 0) throw new InvalidAnswersError(errors);
      await m.update(Declaration, { id }, { knownDeviationIds: ids });
      return this.touch(m, actor, { ...declaration, knownDeviationIds: ids }, 'declaration.known_deviations_set', {
        knownDeviations: { from: declaration.knownDeviationIds, to: ids },
      });
    });
  }

  async sign(actor: Actor, id: string, expected: number, dto: SignatureDto): Promise<DeclarationView> {
    return this.db.transaction(scopeOf(actor), async (m) => {
      const declaration = await this.findEditable(m, actor, id, expected);
      await m.update(Declaration, { id }, { signatureName: dto.namn, signatureDate: dto.datum });
      return this.touch(m, actor, { ...declaration, signatureName: dto.namn, signatureDate: dto.datum }, 'declaration.signed', {
        signatureName: { from: declaration.signatureName, to: dto.namn },
        signatureDate: { from: declaration.signatureDate, to: dto.datum },
      });
    });
  }

  /**
   * Checks completeness, registers the deviations described inline (submitted, in this same transaction, then
   * cited by their answers) and locks the declaration for SKR's review.
   */
  async submit(actor: Actor, id: string): Promise<DeclarationView> {
    return this.db.transaction(scopeOf(actor), async (m) => {
      const declaration = await this.find(m, actor, id, true);
      if (!EDITABLE_STATUSES.includes(declaration.status)) throw new DeclarationStateError(declaration.status, 'submitted');
      const template = await m.findOneByOrFail(DeclarationTemplate, { id: declaration.templateId });
      const answers = await m.findBy(DeclarationAnswer, { declarationId: id });
      const errors = await this.completenessErrors(m, declaration, template, answers);
      if (errors.length > 0) throw new DeclarationIncompleteError(errors);

      const registered: string[] = [];
      for (const answer of answers) {
        if (!answer.newDeviation) continue;
        const pointer = `/answers/${escapePointer(answer.questionKey)}/newDeviation`;
        const deviation = await this.deviations.registerSubmitted(m, actor, answer.newDeviation as CreateDeviationDto, pointer);
        await m.update(DeclarationAnswer, { id: answer.id }, { citations: [...answer.citations, deviation.id], newDeviation: null });
        registered.push(deviation.key);
      }
      const round = declaration.status === DeclarationStatus.Utkast ? declaration.round : declaration.round + 1;
      const next = { status: DeclarationStatus.Inskickad, round, reopenedKeys: [], submittedAt: this.clock.now() };
      await m.update(Declaration, { id }, next);
      await this.notify(m, declaration, template, NotificationType.DeklarationInskickad, { round });
      return this.touch(m, actor, { ...declaration, ...next }, 'declaration.submitted', {
        status: { from: declaration.status, to: DeclarationStatus.Inskickad },
        round: { from: declaration.round, to: round },
        ...(registered.length > 0 ? { registeredDeviations: { from: null, to: registered } } : {}),
      });
    });
  }

  /** The party withdraws a declaration it has never submitted; it stays, locked, with its history. */
  async withdraw(actor: Actor, id: string): Promise<DeclarationView> {
    return this.db.transaction(scopeOf(actor), async (m) => {
      const declaration = await this.find(m, actor, id, true);
      if (declaration.status !== DeclarationStatus.Utkast) throw new DeclarationStateError(declaration.status, 'withdrawn');
      await m.update(Declaration, { id }, { status: DeclarationStatus.Tillbakadragen });
      return this.touch(m, actor, { ...declaration, status: DeclarationStatus.Tillbakadragen }, 'declaration.withdrawn', {
        status: { from: declaration.status, to: DeclarationStatus.Tillbakadragen },
      });
    });
  }

  /** SKR's decision on the current round; kept as history, and it reopens or closes the declaration. */
  async review(actor: Actor, id: string, dto: CreateReviewDto): Promise<DeclarationView> {
    return this.db.transaction(scopeOf(actor), async (m) => {
      const declaration = await this.find(m, actor, id, true);
      if (declaration.status !== DeclarationStatus.Inskickad) throw new DeclarationStateError(declaration.status, 'reviewed');
      const template = await m.findOneByOrFail(DeclarationTemplate, { id: declaration.templateId });
      const items = dto.items ?? [];
      this.assertReviewComplete(dto, items, questionsOf(template.document));
      await m.insert(DeclarationReview, {
        declarationId: id,
        partyId: declaration.partyId,
        round: declaration.round,
        outcome: dto.outcome,
        comment: dto.comment ?? null,
        agreedDate: dto.agreedDate ?? null,
        newTimetable: dto.newTimetable ?? null,
        items,
        reviewerUserId: actor.userId,
        reviewerName: dto.reviewerName,
        decidedAt: this.clock.now(),
      });
      const status = NEXT_STATUS[dto.outcome];
      await m.update(Declaration, { id }, { status, reopenedKeys: items });
      // The decision, the agreed date and SKR's comment are what the party reads in its own review history anyway.
      await this.notify(m, declaration, template, NotificationType.GranskningBeslutad, {
        outcome: dto.outcome,
        dueDate: dto.agreedDate ?? null,
        comment: dto.comment ?? null,
      });
      return this.touch(m, actor, { ...declaration, status, reopenedKeys: items }, 'declaration.reviewed', {
        status: { from: declaration.status, to: status },
        outcome: { from: null, to: dto.outcome },
        ...(dto.agreedDate ? { agreedDate: { from: null, to: dto.agreedDate } } : {}),
        ...(dto.newTimetable ? { newTimetable: { from: null, to: dto.newTimetable } } : {}),
      });
    });
  }

  /** Tells the declaring party (its users, in their language) in the caller's transaction. */
  async notify(
    m: EntityManager,
    declaration: Pick<Declaration, 'id' | 'partyId'>,
    template: Pick<DeclarationTemplate, 'title' | 'version'>,
    type: NotificationType,
    data: Record<string, string | number | null>,
  ): Promise<void> {
    await this.notifications.emit(m, {
      type,
      partyId: declaration.partyId,
      subject: {
        kind: 'declaration',
        id: declaration.id,
        key: declarationReference(declaration),
        title: `${template.title} v${template.version}`,
      },
      data,
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

  private async findEditable(m: EntityManager, actor: Actor, id: string, expectedVersion: number): Promise<Declaration> {
    const declaration = await this.find(m, actor, id, true);
    if (!EDITABLE_STATUSES.includes(declaration.status)) throw new DeclarationLockedError(declaration.status);
    if (declaration.version !== expectedVersion) throw new DeclarationVersionMismatchError(declaration.version);
    return declaration;
  }

  /** Bumps the version (answers live in their own table), records the change and answers with the new state. */
  private async touch(
    m: EntityManager,
    actor: Actor,
    declaration: Declaration,
    action: string,
    changes: FieldChanges,
  ): Promise<DeclarationView> {
    await m.update(Declaration, { id: declaration.id }, { version: declaration.version + 1 });
    await this.audit.record(m, actor, {
      action,
      entityType: 'declaration',
      entityId: declaration.id,
      partyId: declaration.partyId,
      changes,
    });
    return this.view(m, await m.findOneByOrFail(Declaration, { id: declaration.id }));
  }

  private async view(m: EntityManager, declaration: Declaration): Promise<DeclarationView> {
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

  /** Resolves keys or ids to the party's own, non-withdrawn deviations; anything else is one and the same error. */
  private async resolveCitable(
    m: EntityManager,
    partyId: string,
    refs: string[],
    pointerOf: (index: number) => string,
    errors: FieldError[],
  ): Promise<string[]> {
    const ids: string[] = [];
    for (const [index, ref] of refs.entries()) {
      const where = isUuid(ref) ? { id: ref.toLowerCase() } : DEVIATION_KEY.test(ref) ? { key: ref.toUpperCase() } : null;
      const deviation = where ? await m.findOneBy(Deviation, { ...where, partyId }) : null;
      if (!deviation || deviation.status === DeviationStatus.Återkallad)
        errors.push({ pointer: pointerOf(index), detail: NOT_CITABLE, code: 'citable' });
      else if (!ids.includes(deviation.id)) ids.push(deviation.id);
    }
    return ids;
  }

  /**
   * Evidence points at specific material (seed 000): an attachment of a deviation this answer cites, or one of the
   * declaration's own. Anything else — another party's file, a deviation not cited — is one and the same error.
   */
  private async resolveEvidence(
    m: EntityManager,
    declarationId: string,
    evidence: { attachmentId: string; locator: string }[],
    citations: string[],
    pointer: string,
    errors: FieldError[],
  ): Promise<Evidence[]> {
    if (evidence.length === 0) return [];
    const ids = evidence.map((e) => e.attachmentId.toLowerCase());
    const ofDeviations = new Map((await m.findBy(DeviationAttachment, { id: In(ids) })).map((a) => [a.id, a]));
    const own = new Set((await m.findBy(DeclarationAttachment, { id: In(ids), declarationId })).map((a) => a.id));
    const resolved: Evidence[] = [];
    evidence.forEach((e, index) => {
      const id = e.attachmentId.toLowerCase();
      const ofDeviation = ofDeviations.get(id);
      if (ofDeviation && citations.includes(ofDeviation.deviationId))
        resolved.push({ attachmentId: id, deviationId: ofDeviation.deviationId, locator: e.locator });
      else if (own.has(id)) resolved.push({ attachmentId: id, deviationId: null, locator: e.locator });
      else
        errors.push({
          pointer: `${pointer}/evidence/${index}/attachmentId`,
          detail: 'No attachment of this declaration or of a deviation cited in this answer.',
          code: 'citable',
        });
    });
    return resolved;
  }

  private async completenessErrors(
    m: EntityManager,
    declaration: Declaration,
    template: DeclarationTemplate,
    answers: DeclarationAnswer[],
  ): Promise<FieldError[]> {
    const errors: FieldError[] = [];
    const answered = new Map(answers.map((a) => [a.questionKey, a]));
    for (const question of questionsOf(template.document).values()) {
      if (question.filledBy !== 'part' || !question.required || SIGNATURE_QUESTIONS[question.key] || answered.has(question.key)) continue;
      errors.push({ pointer: `/answers/${escapePointer(question.key)}`, detail: 'Required when submitting.', code: 'required' });
    }
    if (!declaration.signatureName || !declaration.signatureDate) {
      errors.push({ pointer: '/signature', detail: 'Name and date of the contact person are required when submitting.', code: 'required' });
    }
    // A cited deviation may have been withdrawn since it was cited.
    for (const answer of answers) {
      const pointer = `/answers/${escapePointer(answer.questionKey)}`;
      await this.resolveCitable(m, declaration.partyId, answer.citations, (i) => `${pointer}/citations/${i}`, errors);
      if (answer.newDeviation) {
        const missing = incompleteFields({ kontaktpersoner: [], ...answer.newDeviation } as unknown as Deviation);
        errors.push(...missing.map((e) => ({ ...e, pointer: `${pointer}/newDeviation${e.pointer}` })));
      }
    }
    return errors;
  }

  private assertReviewComplete(dto: CreateReviewDto, items: string[], questions: ReturnType<typeof questionsOf>): void {
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
}

/** The validated DTO as stored JSON: class instances become plain objects, undefined fields disappear. */
function toPlain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
