import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Actor, scopeOf } from '../actor/actor';
import { AuditService } from '../audit/audit.service';
import { ScopedDb } from '../database/scoped-db';
import { Deviation } from '../deviations/deviation.entity';
import { DeviationEventsService } from '../deviations/deviation-events.service';
import { normalisePhone } from '../deviations/dto/kontaktperson.dto';
import { CreateErasureDto, ErasureResponseDto } from './dto/erasure.dto';
import { literally, phoneNumber, type Replacement, rewritePersonalData } from './personal-data-rewrite';

/**
 * Erasure of a reporter's contact person on request (GDPR art. 17, asked of SKR): the person's name, phone and e-mail
 * become a pseudonym everywhere the service keeps them, in one transaction. The pseudonym is the same in every place,
 * so the history still reads as one person's; the audit entry of the erasure names only the pseudonym.
 */
@Injectable()
export class ErasureService {
  private readonly logger = new Logger(ErasureService.name);

  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
    private readonly events: DeviationEventsService,
  ) {}

  async erase(actor: Actor, dto: CreateErasureDto): Promise<ErasureResponseDto> {
    const pseudonym = `raderad-${randomBytes(4).toString('hex')}`;
    return this.db.transaction(scopeOf(actor), async (manager) => {
      // The one switch under which audit entries may have their `changes` rewritten (migration PersonalDataErasure).
      await manager.query(`SELECT set_config('avvikelse.erasure', 'on', true)`);
      const replacements = await this.spellings(manager, dto, pseudonym);
      await this.stopUnsentMail(manager, dto.epost);
      await this.forgetDriftSubscriber(manager, dto.epost);
      const { changedRows, deviationIds } = await rewritePersonalData(manager, replacements);
      await this.rewriteJiraIssues(manager, deviationIds);
      await manager.query(`SELECT set_config('avvikelse.erasure', 'off', true)`);
      await this.audit.record(manager, actor, {
        action: 'person.erased',
        entityType: 'person',
        entityId: pseudonym,
        partyId: null,
        changes: { pseudonym: { from: null, to: pseudonym }, deviations: { from: null, to: deviationIds.length } },
        internal: true,
      });
      this.logger.log({ pseudonym, deviations: deviationIds.length, changedRows }, 'contact person erased');
      return { pseudonym, deviationIds, changedRows };
    });
  }

  /** The e-mail, and every name and phone number stored with it on a deviation, with the request's own spellings. */
  private async spellings(manager: EntityManager, dto: CreateErasureDto, pseudonym: string): Promise<Replacement[]> {
    const stored = (await manager.query(
      `SELECT DISTINCT c->>'namn' AS namn, c->>'telefon' AS telefon, c->>'epost' AS epost
         FROM deviation d, jsonb_array_elements(d.kontaktpersoner) c
        WHERE lower(c->>'epost') = lower($1)`,
      [dto.epost],
    )) as { namn: string | null; telefon: string | null; epost: string | null }[];
    const emails = new Set([dto.epost, ...stored.map((c) => c.epost)].filter(isText).map((e) => e.toLowerCase()));
    const names = new Set([dto.namn, ...stored.map((c) => c.namn)].filter(isText).map((n) => n.trim().toLowerCase()));
    const phones = new Set([dto.telefon, ...stored.map((c) => c.telefon)].map((t) => normalisePhone(t)).filter(isText));
    return [
      ...[...emails].map((e) => literally(e, `${pseudonym}@raderad.invalid`)),
      // Shorter than three letters would replace inside other words.
      ...[...names].filter((n) => n.length >= 3).map((n) => literally(n, `Raderad kontaktperson ${pseudonym}`)),
      ...[...phones].map((t) => phoneNumber(t, pseudonym)),
    ];
  }

  /** An external driftinformation subscriber at the address is removed, with any request not yet handled. */
  private async forgetDriftSubscriber(manager: EntityManager, epost: string): Promise<void> {
    await manager.query(`DELETE FROM drift_subscription WHERE email = lower($1)`, [epost]);
    await manager.query(`DELETE FROM drift_subscribe_request WHERE email = lower($1)`, [epost]);
  }

  /** An e-mail not yet sent to the person is not sent: it would carry the details being erased, to the person's address. */
  private async stopUnsentMail(manager: EntityManager, epost: string): Promise<void> {
    await manager.query(
      `UPDATE notification_delivery SET status = 'misslyckad', failed_at = now(), last_error = 'ERASED'
        WHERE lower(recipient) = lower($1) AND status IN ('väntar', 'skickas')`,
      [epost],
    );
  }

  /**
   * The sync writes each changed issue's description again. Forgetting the hash of what we last wrote makes this one
   * edit go through even over SKR's own edit in Jira (no JIRA_EDIT_CONFLICT): erasure is a duty, and the new hash the
   * sync records afterwards is ours again.
   */
  private async rewriteJiraIssues(manager: EntityManager, deviationIds: string[]): Promise<void> {
    if (deviationIds.length === 0) return;
    await manager.query(`UPDATE jira_link SET written_content_hash = NULL WHERE deviation_id = ANY($1::uuid[])`, [deviationIds]);
    const changed = await manager.query(
      `UPDATE deviation SET version = version + 1 WHERE id = ANY($1::uuid[]) RETURNING id, party_id AS "partyId", submitted_at AS "submittedAt"`,
      [deviationIds],
    );
    for (const deviation of (changed as [Deviation[], number])[0])
      if (deviation.submittedAt) await this.events.queueJiraPush(manager, deviation);
  }
}

const isText = (value: string | null | undefined): value is string => typeof value === 'string' && value.trim() !== '';
