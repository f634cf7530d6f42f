import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { SYSTEM_SCOPE } from '../database/data-scope';
import { ScopedDb } from '../database/scoped-db';
import { MetricsService } from '../metrics/metrics.service';

/**
 * `jira_integration_paused` (1 while the sync is paused, e.g. after Jira refused our token), read from the one
 * integration row at each scrape: the first alert an operator needs, because a paused sync fails no job by itself.
 */
@Injectable()
export class JiraIntegrationGauge {
  constructor(db: ScopedDb, metrics: MetricsService) {
    new Gauge({
      name: 'jira_integration_paused',
      help: 'Whether the Jira sync is paused (1) or running (0).',
      registers: [metrics.registry],
      async collect() {
        const rows = (await db.transaction(SYSTEM_SCOPE, (m) => m.query(`SELECT paused FROM jira_integration LIMIT 1`))) as {
          paused: boolean;
        }[];
        this.set(rows[0]?.paused ? 1 : 0);
      },
    });
  }
}
