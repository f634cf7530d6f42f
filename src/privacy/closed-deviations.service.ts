import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { SYSTEM_SCOPE } from '../database/data-scope';
import { ScopedDb } from '../database/scoped-db';
import { FileStore } from '../storage/file-store';

const DAY_MS = 24 * 3600 * 1000;
/** At most this many deviations per transaction: a first run over years of history must not hold locks for long. */
const BATCH = 100;

/**
 * The retention rule for closed deviations, off unless RETENTION_CLOSED_DEVIATION_DAYS is set: a deviation closed
 * (stängd) or withdrawn (återkallad) that has not changed for that many days is deleted with its comments, attachments
 * and their files, SLA alerts, notifications, Jira links and audit entries — the audit entries are evidence about a
 * record that no longer exists, and they carry its contact persons. A deviation a self-declaration cites or registered stays:
 * the declaration is a record too. The Jira issue stays in SKR's Jira, under SKR's own rules.
 */
@Injectable()
export class ClosedDeviationsService {
  private readonly logger = new Logger(ClosedDeviationsService.name);

  constructor(
    private readonly db: ScopedDb,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly files: FileStore,
  ) {}

  /** Deletes the closed deviations past their period; returns how many. */
  async deleteExpired(): Promise<number> {
    const days = this.config.RETENTION_CLOSED_DEVIATION_DAYS;
    if (days === 0) return 0;
    const olderThan = new Date(this.clock.now().getTime() - days * DAY_MS);
    let deleted = 0;
    for (;;) {
      const { ids, storageKeys } = await this.db.transaction(SYSTEM_SCOPE, async (manager) => {
        const rows = (await manager.query(
          `SELECT d.id FROM deviation d
            WHERE d.status IN ('stängd', 'återkallad') AND d.updated_at < $1
              AND NOT EXISTS (SELECT 1 FROM declaration_answer a
                WHERE strpos(a.citations::text || a.evidence::text || coalesce(a.new_deviation::text, ''), d.id::text) > 0)
              AND NOT EXISTS (SELECT 1 FROM declaration x WHERE strpos(x.known_deviation_ids::text, d.id::text) > 0)
            ORDER BY d.updated_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
          [olderThan],
        )) as { id: string }[];
        const batch = rows.map((r) => r.id);
        if (batch.length === 0) return { ids: batch, storageKeys: [] as string[] };
        // The one switch under which audit entries may be deleted (migration ClosedDeviationRetention).
        await manager.query(`SELECT set_config('avvikelse.retention', 'on', true)`);
        const files = (await manager.query(`SELECT storage_key FROM deviation_attachment WHERE deviation_id = ANY($1::uuid[])`, [
          batch,
        ])) as { storage_key: string }[];
        for (const table of [
          'deviation_comment',
          'deviation_attachment',
          'jira_comment_link',
          'jira_attachment_link',
          'jira_link',
          'sla_alert',
        ])
          await manager.query(`DELETE FROM ${table} WHERE deviation_id = ANY($1::uuid[])`, [batch]);
        await manager.query(`DELETE FROM notification_event WHERE subject_kind = 'deviation' AND subject_id = ANY($1::uuid[])`, [batch]);
        await manager.query(`DELETE FROM audit_entry WHERE entity_id = ANY($1::text[])`, [batch]);
        await manager.query(`UPDATE deviation SET duplicate_of_id = NULL WHERE duplicate_of_id = ANY($1::uuid[])`, [batch]);
        await manager.query(`DELETE FROM deviation WHERE id = ANY($1::uuid[])`, [batch]);
        await manager.query(`SELECT set_config('avvikelse.retention', 'off', true)`);
        return { ids: batch, storageKeys: files.map((f) => f.storage_key) };
      });
      // After the commit: a file whose row is gone is unreachable; a failed delete leaves an orphan, logged, not a hole.
      for (const key of storageKeys)
        await this.files.delete(key).catch((err: unknown) => this.logger.warn({ err, key }, 'retention: attachment file not deleted'));
      deleted += ids.length;
      if (ids.length < BATCH) return deleted;
    }
  }
}
