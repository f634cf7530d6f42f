import { createHash } from 'node:crypto';
import type { IssueSnapshot } from '../../jira-simulator/simulator';
import { SERVICE_ACCOUNT_ID } from '../../jira-simulator/workflow';

/**
 * The fault suite's oracle: what each party SENT, recorded from its own request payloads — every field of the report
 * and of every PATCH, every comment, every attachment's name and bytes, every declaration answer with its citations —
 * and the comparison of Jira and the database with that. Nothing here reads the production mapping (DeviationMirror,
 * issueSummary, issueDescription): a field edit the service or the sync drops is a difference, even when the database
 * and Jira agree with each other.
 */
export class WhatPartiesSent {
  private readonly deviations = new Map<string, SentDeviation>();
  private readonly declarations = new Map<string, SentDeclaration>();
  /** The SHA-256 of each Jira attachment read, by its id. */
  private readonly jiraHashes = new Map<string, string>();

  created(id: string, key: string, body: Record<string, unknown>): void {
    this.deviations.set(id, { key, fields: { ...body }, superseded: {}, comments: [], attachments: [] });
  }

  patched(id: string, body: Record<string, unknown>): void {
    const sent = this.deviation(id);
    for (const [field, value] of Object.entries(body)) {
      if (sent.fields[field] !== value) sent.superseded[field] = sent.fields[field];
      sent.fields[field] = value;
    }
  }

  commented(id: string, text: string): void {
    this.deviation(id).comments.push(text);
  }

  attached(id: string, filename: string, bytes: Buffer): void {
    this.deviation(id).attachments.push({ filename, sha256: sha256(bytes) });
  }

  /** The answers as PUT, each citation as the key or id the party wrote. */
  declared(declarationId: string, answers: Record<string, SentAnswer>): void {
    this.declarations.set(declarationId, { answers });
  }

  /** Differences between the database and what was sent; `query` runs as the table owner. */
  async differencesInDatabase(query: <T>(sql: string, parameters?: unknown[]) => Promise<T[]>): Promise<string[]> {
    const differences: string[] = [];
    const rows = await query<Record<string, unknown>>(`SELECT * FROM deviation WHERE id = ANY($1)`, [[...this.deviations.keys()]]);
    const attachments = await query<{ deviation_id: string; filename: string; sha256: string }>(
      `SELECT deviation_id, filename, sha256 FROM deviation_attachment WHERE deviation_id = ANY($1)`,
      [[...this.deviations.keys()]],
    );
    const comments = await query<{ deviation_id: string; body: string }>(
      `SELECT deviation_id, body FROM deviation_comment WHERE origin = 'part' AND deviation_id = ANY($1) ORDER BY created_at`,
      [[...this.deviations.keys()]],
    );
    for (const [id, sent] of this.deviations) {
      const row = rows.find((r) => r.id === id);
      if (!row) {
        differences.push(`${sent.key}: no row`);
        continue;
      }
      for (const [field, value] of Object.entries(sent.fields)) {
        const stored = row[columnOf(field)];
        if (canonical(stored) !== canonical(value))
          differences.push(`${sent.key}: ${field} in the database is ${JSON.stringify(stored)}, sent ${JSON.stringify(value)}`);
      }
      const ownComments = comments.filter((c) => c.deviation_id === id).map((c) => c.body);
      if (JSON.stringify(ownComments) !== JSON.stringify(sent.comments))
        differences.push(
          `${sent.key}: party comments in the database ${JSON.stringify(ownComments)}, sent ${JSON.stringify(sent.comments)}`,
        );
      const files = attachments.filter((a) => a.deviation_id === id).map((a) => ({ filename: a.filename, sha256: a.sha256 }));
      if (!sameFiles(files, sent.attachments)) differences.push(`${sent.key}: attachments in the database ${JSON.stringify(files)}`);
    }
    differences.push(...(await this.declarationDifferences(query)));
    return differences;
  }

  /** Differences between the Jira issues (by deviation id) and what was sent; `content` reads an attachment's bytes over HTTP. */
  async differencesInJira(
    issueOf: (deviationId: string) => IssueSnapshot,
    content: (attachmentId: string) => Promise<Buffer>,
  ): Promise<string[]> {
    const differences: string[] = [];
    for (const [id, sent] of this.deviations) {
      const issue = issueOf(id);
      const where = `${sent.key} (${issue.key})`;
      if (issue.fields.summary !== `${sent.key} ${String(sent.fields.rubrik)}`)
        differences.push(`${where}: summary "${issue.fields.summary}"`);
      const description = normalised(textOf(issue.fields.description));
      for (const value of jiraVisible(sent.fields))
        if (!description.includes(normalised(value))) differences.push(`${where}: description lacks "${value}"`);
      for (const [field, old] of Object.entries(sent.superseded))
        for (const value of jiraVisible({ [field]: old }))
          if (
            !jiraVisible(sent.fields).some((now) => normalised(now).includes(normalised(value))) &&
            description.includes(normalised(value))
          )
            differences.push(`${where}: description still shows the replaced ${field} "${value}"`);
      const ours = issue.fields.comment.comments
        .filter((c) => c.author.accountId === SERVICE_ACCOUNT_ID)
        .map((c) => normalised(textOf(c.body)));
      if (ours.length !== sent.comments.length || sent.comments.some((text, n) => !ours[n]?.endsWith(normalised(text))))
        differences.push(`${where}: our comments in Jira ${JSON.stringify(ours)}, sent ${JSON.stringify(sent.comments)}`);
      // An attachment's bytes never change under its id: each is read once, not at every poll of the comparison.
      const files = await Promise.all(
        issue.fields.attachment.map(async (a) => {
          if (!this.jiraHashes.has(a.id)) this.jiraHashes.set(a.id, sha256(await content(a.id)));
          return { filename: a.filename, sha256: this.jiraHashes.get(a.id)! };
        }),
      );
      if (!sameFiles(files, sent.attachments)) differences.push(`${where}: attachments in Jira ${JSON.stringify(files)}`);
    }
    return differences;
  }

  private async declarationDifferences(query: <T>(sql: string, parameters?: unknown[]) => Promise<T[]>): Promise<string[]> {
    const differences: string[] = [];
    const idOf = new Map([...this.deviations].flatMap(([id, d]) => [[d.key, id] as const, [id, id] as const]));
    const answers = await query<{
      declaration_id: string;
      question_key: string;
      svar: string;
      kommentar: string | null;
      citations: string[];
    }>(`SELECT declaration_id, question_key, svar, kommentar, citations FROM declaration_answer WHERE declaration_id = ANY($1)`, [
      [...this.declarations.keys()],
    ]);
    for (const [declarationId, sent] of this.declarations) {
      const stored = answers.filter((a) => a.declaration_id === declarationId);
      if (stored.length !== Object.keys(sent.answers).length)
        differences.push(`declaration ${declarationId}: ${stored.length} answers stored, ${Object.keys(sent.answers).length} sent`);
      for (const [question, answer] of Object.entries(sent.answers)) {
        const row = stored.find((a) => a.question_key === question);
        const want = {
          svar: answer.svar,
          kommentar: answer.kommentar ?? null,
          citations: (answer.citations ?? []).map((c) => idOf.get(c)),
        };
        const got = row && { svar: row.svar, kommentar: row.kommentar, citations: row.citations };
        if (JSON.stringify(got) !== JSON.stringify(want))
          differences.push(`declaration ${declarationId}: ${question} stored ${JSON.stringify(got)}, sent ${JSON.stringify(want)}`);
      }
    }
    return differences;
  }

  private deviation(id: string): SentDeviation {
    const sent = this.deviations.get(id);
    if (!sent) throw new Error(`the oracle never saw deviation ${id} created`);
    return sent;
  }
}

export interface SentAnswer {
  svar: string;
  kommentar?: string;
  citations?: string[];
}

interface SentDeviation {
  key: string;
  fields: Record<string, unknown>;
  /** The value each PATCHed field had before, which Jira must no longer show. */
  superseded: Record<string, unknown>;
  comments: string[];
  attachments: { filename: string; sha256: string }[];
}

interface SentDeclaration {
  answers: Record<string, SentAnswer>;
}

/**
 * The API's field names and their columns, written out here rather than read from the entity: a field the oracle
 * does not know fails loudly, so a new field joins the comparison on purpose.
 */
const COLUMNS: Record<string, string> = {
  rubrik: 'rubrik',
  reproduktionssteg: 'reproduktionssteg',
  skäl: 'skal',
  utfall: 'utfall',
  förväntat: 'forvantat',
  del: 'del',
  miljö: 'miljo',
  kravreferens: 'kravreferens',
  påverkan: 'paverkan',
  tidpunkt: 'tidpunkt',
  kontaktpersoner: 'kontaktpersoner',
};

function columnOf(field: string): string {
  const column = COLUMNS[field];
  if (!column) throw new Error(`the fault oracle does not know the field "${field}": add it to COLUMNS and to jiraVisible`);
  return column;
}

/** The values the issue must show: every text the party wrote (the report's seed 000 order is not the oracle's concern). */
function jiraVisible(fields: Record<string, unknown>): string[] {
  const values: string[] = [];
  for (const [field, value] of Object.entries(fields)) {
    if (value === null || value === undefined || field === 'rubrik') continue;
    if (field === 'kontaktpersoner') for (const c of value as Record<string, string>[]) values.push(...Object.values(c));
    else if (field === 'påverkan') values.push(`Påverkan: ${String(value)}`);
    else if (field === 'tidpunkt') values.push(`Tidpunkt: ${String(value)}`);
    else values.push(String(value));
  }
  return values;
}

/**
 * The text of an ADF document, every text node in order, list items with their number or dash as a reader sees them
 * ("1. Logga in" is an ordered list in ADF); read independently of the service's own ADF helpers.
 */
function textOf(node: unknown): string {
  if (!node || typeof node !== 'object') return '';
  const { type, text, content = [], attrs } = node as { type?: string; text?: string; content?: unknown[]; attrs?: { order?: number } };
  if (type === 'orderedList') return content.map((item, n) => `${(attrs?.order ?? 1) + n}. ${textOf(item)}`).join('\n');
  if (type === 'bulletList') return content.map((item) => `- ${textOf(item)}`).join('\n');
  return [text ?? '', ...content.map(textOf)].join('\n');
}

/** ADF splits lines into paragraphs or hard breaks at will: whitespace is compared as one space. */
function normalised(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** JSON with object keys sorted: jsonb gives them back in its own order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function sameFiles(a: { filename: string; sha256: string }[], b: { filename: string; sha256: string }[]): boolean {
  const key = (files: { filename: string; sha256: string }[]) => JSON.stringify(files.map((f) => `${f.filename} ${f.sha256}`).sort());
  return key(a) === key(b);
}
