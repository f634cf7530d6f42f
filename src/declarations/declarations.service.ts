import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, scopeOf } from '../actor/actor';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import type { FieldChanges } from '../common/diff';
import type { FieldError } from '../common/domain-error';
import { ScopedDb } from '../database/scoped-db';
import { NotificationType } from '../notifications/notification-type';
import { kindsOf, Party } from '../parties/party.entity';
import { Deviation } from '../deviations/deviation.entity';
import { incompleteFields } from '../deviations/deviation-completeness';
import { DeviationsService } from '../deviations/deviations.service';
import type { CreateDeviationDto } from '../deviations/dto/create-deviation.dto';
import type { DeclarationView } from './declaration-view';
import { escapePointer, parseAnswers, questionsOf, SIGNATURE_QUESTIONS } from './declaration-answers';
import { DeclarationAnswer, Evidence } from './declaration-answer.entity';
import { resolveCitable, resolveEvidence } from './declaration-citations';
import { DeclarationEventsService } from './declaration-events.service';
import { DeclarationQueriesService } from './declaration-queries.service';
import { DeclarationTemplate, TemplateStatus } from './declaration-template.entity';
import { Declaration, DeclarationStatus, EDITABLE_STATUSES } from './declaration.entity';
import {
  DeclarationIncompleteError,
  DeclarationLockedError,
  DeclarationStateError,
  DeclarationVersionMismatchError,
  InvalidAnswersError,
  TemplateNotForPartyKindError,
  TemplateNotPublishedError,
} from './declarations.errors';
import type { CreateDeclarationDto, KnownDeviationsDto, SignatureDto, UpdateAnswersDto } from './dto/declaration-requests.dto';

/** Self-declarations as the party fills them in: answers, known deviations, signature, submission or withdrawal. */
@Injectable()
export class DeclarationsService {
  constructor(
    private readonly db: ScopedDb,
    private readonly queries: DeclarationQueriesService,
    private readonly events: DeclarationEventsService,
    private readonly audit: AuditService,
    private readonly deviations: DeviationsService,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, dto: CreateDeclarationDto): Promise<DeclarationView> {
    return this.db.transaction(scopeOf(actor), async (m) => {
      const template = await m.findOneBy(DeclarationTemplate, { id: dto.templateId });
      if (template?.status !== TemplateStatus.Publicerad) throw new TemplateNotPublishedError();
      const party = await m.findOneByOrFail(Party, { id: actor.partyId! });
      if (!kindsOf(party).some((kind) => template.partyKinds.includes(kind))) throw new TemplateNotForPartyKindError(template.partyKinds);
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
      return this.queries.view(m, declaration);
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
        const citations = await resolveCitable(m, declaration.partyId, answer.citations ?? [], (i) => `${pointer}/citations/${i}`, errors);
        const evidence = await resolveEvidence(m, declaration.id, answer.evidence ?? [], citations, pointer, errors);
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
      return this.events.touch(m, actor, declaration, 'declaration.answers_updated', changes);
    });
  }

  /** The "Kända avvikelser" the party declares will remain at go-live; replaces the list derived from citations. */
  async setKnownDeviations(actor: Actor, id: string, expected: number, dto: KnownDeviationsDto): Promise<DeclarationView> {
    return this.db.transaction(scopeOf(actor), async (m) => {
      const declaration = await this.findEditable(m, actor, id, expected);
      const errors: FieldError[] = [];
      const ids = await resolveCitable(m, declaration.partyId, dto.deviations, (i) => `/deviations/${i}`, errors);
      if (errors.length > 0) throw new InvalidAnswersError(errors);
      await m.update(Declaration, { id }, { knownDeviationIds: ids });
      return this.events.touch(m, actor, { ...declaration, knownDeviationIds: ids }, 'declaration.known_deviations_set', {
        knownDeviations: { from: declaration.knownDeviationIds, to: ids },
      });
    });
  }

  async sign(actor: Actor, id: string, expected: number, dto: SignatureDto): Promise<DeclarationView> {
    return this.db.transaction(scopeOf(actor), async (m) => {
      const declaration = await this.findEditable(m, actor, id, expected);
      await m.update(Declaration, { id }, { signatureName: dto.namn, signatureDate: dto.datum });
      return this.events.touch(m, actor, { ...declaration, signatureName: dto.namn, signatureDate: dto.datum }, 'declaration.signed', {
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
      const declaration = await this.queries.find(m, actor, id, true);
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
      await this.events.notify(m, declaration, template, NotificationType.DeklarationInskickad, { round });
      return this.events.touch(m, actor, { ...declaration, ...next }, 'declaration.submitted', {
        status: { from: declaration.status, to: DeclarationStatus.Inskickad },
        round: { from: declaration.round, to: round },
        ...(registered.length > 0 ? { registeredDeviations: { from: null, to: registered } } : {}),
      });
    });
  }

  /** The party withdraws a declaration it has never submitted; it stays, locked, with its history. */
  async withdraw(actor: Actor, id: string): Promise<DeclarationView> {
    return this.db.transaction(scopeOf(actor), async (m) => {
      const declaration = await this.queries.find(m, actor, id, true);
      if (declaration.status !== DeclarationStatus.Utkast) throw new DeclarationStateError(declaration.status, 'withdrawn');
      await m.update(Declaration, { id }, { status: DeclarationStatus.Tillbakadragen });
      return this.events.touch(m, actor, { ...declaration, status: DeclarationStatus.Tillbakadragen }, 'declaration.withdrawn', {
        status: { from: declaration.status, to: DeclarationStatus.Tillbakadragen },
      });
    });
  }

  private async findEditable(m: EntityManager, actor: Actor, id: string, expectedVersion: number): Promise<Declaration> {
    const declaration = await this.queries.find(m, actor, id, true);
    if (!EDITABLE_STATUSES.includes(declaration.status)) throw new DeclarationLockedError(declaration.status);
    if (declaration.version !== expectedVersion) throw new DeclarationVersionMismatchError(declaration.version);
    return declaration;
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
      await resolveCitable(m, declaration.partyId, answer.citations, (i) => `${pointer}/citations/${i}`, errors);
      if (answer.newDeviation) {
        const missing = incompleteFields({ kontaktpersoner: [], ...answer.newDeviation } as unknown as Deviation);
        errors.push(...missing.map((e) => ({ ...e, pointer: `${pointer}/newDeviation${e.pointer}` })));
      }
    }
    return errors;
  }
}

/** The validated DTO as stored JSON: class instances become plain objects, undefined fields disappear. */
function toPlain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
