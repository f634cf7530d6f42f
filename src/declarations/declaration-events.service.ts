import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../actor/actor';
import { AuditService } from '../audit/audit.service';
import type { FieldChanges } from '../common/diff';
import { NotificationType } from '../notifications/notification-type';
import { NotificationsService } from '../notifications/notifications.service';
import { DeclarationQueriesService } from './declaration-queries.service';
import type { DeclarationTemplate } from './declaration-template.entity';
import type { DeclarationView } from './declaration-view';
import { Declaration, declarationReference } from './declaration.entity';

/** What follows a change to a declaration, in the caller's transaction: its new version, its history, the party told. */
@Injectable()
export class DeclarationEventsService {
  constructor(
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly queries: DeclarationQueriesService,
  ) {}

  /** Bumps the version (answers live in their own table), records the change and answers with the new state. */
  async touch(m: EntityManager, actor: Actor, declaration: Declaration, action: string, changes: FieldChanges): Promise<DeclarationView> {
    await m.update(Declaration, { id: declaration.id }, { version: declaration.version + 1 });
    await this.audit.record(m, actor, {
      action,
      entityType: 'declaration',
      entityId: declaration.id,
      partyId: declaration.partyId,
      changes,
    });
    return this.queries.view(m, await m.findOneByOrFail(Declaration, { id: declaration.id }));
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
}
