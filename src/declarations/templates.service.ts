import { Injectable } from '@nestjs/common';
import { parse as parseYaml } from 'yaml';
import { Actor, isSkr, scopeOf } from '../actor/actor';
import { AuditService } from '../audit/audit.service';
import { ScopedDb } from '../database/scoped-db';
import { isUniqueViolation } from '../database/pg-errors';
import { DeclarationTemplate, TemplateStatus } from './declaration-template.entity';
import {
  InvalidTemplateDocumentError,
  TemplateNotFoundError,
  TemplateStateError,
  TemplateVersionConflictError,
} from './declarations.errors';
import { validateTemplateDocument } from './templates/template-document';

/** Versioned self-declaration templates: imported by SKR admins, published, withdrawn; never edited once published. */
@Injectable()
export class TemplatesService {
  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
  ) {}

  /** Parties see published templates; SKR sees every version. */
  async list(actor: Actor): Promise<DeclarationTemplate[]> {
    return this.db.transaction(scopeOf(actor), (m) =>
      m.find(DeclarationTemplate, {
        where: isSkr(actor) ? {} : { status: TemplateStatus.Publicerad },
        order: { name: 'ASC', version: 'DESC' },
      }),
    );
  }

  async get(actor: Actor, id: string): Promise<DeclarationTemplate> {
    return this.db.transaction(scopeOf(actor), async (m) => {
      const template = await m.findOneBy(DeclarationTemplate, { id });
      if (!template || (!isSkr(actor) && template.status === TemplateStatus.Utkast)) throw new TemplateNotFoundError();
      return template;
    });
  }

  /** Imports a template document (JSON object, or YAML text) as a draft of a new version. */
  async import(actor: Actor, body: unknown): Promise<DeclarationTemplate> {
    const document = typeof body === 'string' ? parseYamlDocument(body) : body;
    const validation = validateTemplateDocument(document);
    if (!validation.ok) throw new InvalidTemplateDocumentError(validation.errors.map((e) => ({ ...e, code: 'template' })));
    const doc = validation.value;
    return this.db.transaction(scopeOf(actor), async (m) => {
      const latest = await m.findOne(DeclarationTemplate, { where: { name: doc.name }, order: { version: 'DESC' } });
      if (latest && doc.version <= latest.version) throw new TemplateVersionConflictError(latest.version);
      let template: DeclarationTemplate;
      try {
        template = await m.save(
          m.create(DeclarationTemplate, {
            name: doc.name,
            kind: doc.kind,
            partyKinds: doc.partyKinds,
            version: doc.version,
            title: doc.title,
            document: doc,
          }),
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw new TemplateVersionConflictError(doc.version);
        throw error;
      }
      await this.audit.record(m, actor, {
        action: 'template.imported',
        entityType: 'declaration_template',
        entityId: template.id,
        partyId: null,
        changes: { version: { from: latest?.version ?? null, to: doc.version } },
      });
      return template;
    });
  }

  async publish(actor: Actor, id: string): Promise<DeclarationTemplate> {
    return this.transition(actor, id, TemplateStatus.Utkast, TemplateStatus.Publicerad, 'published');
  }

  async withdraw(actor: Actor, id: string): Promise<DeclarationTemplate> {
    return this.transition(actor, id, TemplateStatus.Publicerad, TemplateStatus.Tillbakadragen, 'withdrawn');
  }

  private async transition(actor: Actor, id: string, from: TemplateStatus, to: TemplateStatus, verb: string) {
    return this.db.transaction(scopeOf(actor), async (m) => {
      const template = await m.findOne(DeclarationTemplate, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!template) throw new TemplateNotFoundError();
      if (template.status !== from) throw new TemplateStateError(template.status, verb);
      const publishedAt = to === TemplateStatus.Publicerad ? new Date() : template.publishedAt;
      await m.update(DeclarationTemplate, { id }, { status: to, publishedAt });
      await this.audit.record(m, actor, {
        action: `template.${verb}`,
        entityType: 'declaration_template',
        entityId: id,
        partyId: null,
        changes: { status: { from, to } },
      });
      return { ...template, status: to, publishedAt };
    });
  }
}

function parseYamlDocument(text: string): unknown {
  try {
    return parseYaml(text, { maxAliasCount: 50 });
  } catch (error) {
    throw new InvalidTemplateDocumentError([{ pointer: '', detail: `Not valid YAML: ${(error as Error).message}`, code: 'yaml' }]);
  }
}
