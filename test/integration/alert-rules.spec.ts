import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { MetricsService } from '../../src/metrics/metrics.service';
import { WorkerModule } from '../../src/worker.module';
import { startTestApp, type TestApp } from '../support/app';

const ROOT = join(__dirname, '..', '..');

interface Rule {
  alert: string;
  expr: string;
  labels?: { severity?: string };
  annotations?: { summary?: string; runbook?: string };
}

/** PromQL words that are not metric names: functions, aggregations, keywords. */
const PROMQL_WORDS = new Set([
  'sum',
  'max',
  'min',
  'avg',
  'count',
  'by',
  'without',
  'increase',
  'rate',
  'time',
  'absent',
  'or',
  'and',
  'unless',
]);

/** Each selector of an expression: the metric it names and the labels it matches on. */
function selectors(expr: string): { metric: string; labels: string[] }[] {
  const withoutGroupings = expr.replace(/\b(by|without)\s*\([^)]*\)/g, '');
  const found: { metric: string; labels: string[] }[] = [];
  for (const match of withoutGroupings.matchAll(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\{[^}]*\})?/g)) {
    const [, name, braces] = match;
    if (PROMQL_WORDS.has(name) || /^\d/.test(name) || /^\d+[smhd]$/.test(name)) continue;
    const labels = braces ? [...braces.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!=|!~|=)/g)].map((m) => m[1]) : [];
    found.push({ metric: name, labels });
  }
  return found;
}

/**
 * The alert rules operators load are checked against what the two processes really expose: a rule over a metric
 * that was renamed or never registered never fires, and nobody notices until the outage it was meant to catch.
 */
describe('Prometheus alert rules (ops/prometheus/alerts.yml)', () => {
  let api: TestApp;
  let worker: INestApplicationContext;
  const exposed = new Map<string, string[]>();

  beforeAll(async () => {
    api = await startTestApp();
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    for (const registry of [api.app.get(MetricsService).registry, worker.get(MetricsService).registry]) {
      for (const metric of registry.getMetricsAsArray()) {
        const labels = (metric as unknown as { labelNames?: string[] }).labelNames ?? [];
        const names = String(metric.type) === 'histogram' ? ['', '_bucket', '_sum', '_count'].map((s) => metric.name + s) : [metric.name];
        for (const name of names) exposed.set(name, [...labels, ...(name.endsWith('_bucket') ? ['le'] : [])]);
      }
    }
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  const rules = (): Rule[] => {
    const document = parse(readFileSync(join(ROOT, 'ops', 'prometheus', 'alerts.yml'), 'utf8')) as { groups: { rules: Rule[] }[] };
    return document.groups.flatMap((group) => group.rules);
  };

  it('should cover the alerts operations asked for', () => {
    expect(rules().map((r) => r.alert)).toEqual(
      expect.arrayContaining([
        'JiraIntegrationPaused',
        'JiraSyncFailuresRising',
        'OutboxLagging',
        'SlaScanStalled',
        'MailFailing',
        'UncaughtErrors',
      ]),
    );
  });

  it('should name only metrics and labels the API and the worker expose', () => {
    const problems: string[] = [];
    for (const rule of rules()) {
      const used = selectors(rule.expr);
      if (used.length === 0) problems.push(`${rule.alert}: names no metric`);
      for (const { metric, labels } of used) {
        const known = exposed.get(metric);
        if (!known) problems.push(`${rule.alert}: ${metric} is not exposed`);
        for (const label of labels) if (known && !known.includes(label)) problems.push(`${rule.alert}: ${metric} has no label ${label}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('should give each rule a severity, a summary and a runbook section that exists', () => {
    const runbook = readFileSync(join(ROOT, 'docs', 'runbook.md'), 'utf8');
    const anchors = new Set([...runbook.matchAll(/^## (.+)$/gm)].map((m) => m[1].trim().toLowerCase()));
    for (const rule of rules()) {
      expect(['critical', 'warning']).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary).toBeTruthy();
      const anchor = /^docs\/runbook\.md#(.+)$/.exec(rule.annotations?.runbook ?? '')?.[1];
      expect({ alert: rule.alert, anchorFound: anchor !== undefined && anchors.has(anchor) }).toEqual({
        alert: rule.alert,
        anchorFound: true,
      });
    }
  });

  it('should have its selector reader see metrics and labels (so the check above cannot pass by reading nothing)', () => {
    expect(selectors('sum(increase(a_total{channel="email", x=~"y"}[5m])) > 0 or max by (queue) (b{state="w"})')).toEqual([
      { metric: 'a_total', labels: ['channel', 'x'] },
      { metric: 'b', labels: ['state'] },
    ]);
  });
});
