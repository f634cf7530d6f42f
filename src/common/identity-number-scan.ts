import { readFileSync } from 'node:fs';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import type { FieldError } from './domain-error';
import { findIdentityNumbers, parseTestNumberList } from './personal-identity-number';

/**
 * Which string fields of a request body carry a personnummer or samordningsnummer that may not be stored. A body about
 * SSBTEK's test environment (`miljö: "test"` at its top level) may carry Skatteverket's published test numbers:
 * reproduction steps there name test persons. Every other number is refused, whatever the field: names, comments,
 * reasons and answers all reach Jira Cloud or e-mail.
 */
@Injectable()
export class IdentityNumberScan {
  private readonly testNumbers: Set<string>;

  constructor(config: AppConfig) {
    const files = config.PERSONNUMMER_TEST_LISTS.split(',').map((file) => file.trim());
    this.testNumbers = new Set(files.filter(Boolean).flatMap((file) => [...parseTestNumberList(readFileSync(file, 'utf8'))]));
  }

  fieldsWithIdentityNumbers(body: unknown): FieldError[] {
    const testEnvironment = typeof body === 'object' && body !== null && (body as { miljö?: unknown }).miljö === 'test';
    const allowed = (tenDigits: string) => testEnvironment && this.testNumbers.has(tenDigits);
    return pointersOf(body, '', 0, allowed).map((pointer) => ({ pointer, detail: '', code: 'personalIdentityNumber' }));
  }
}

/**
 * Identifier fields, not free text: a sole trader's organisation number is the owner's personnummer, and it is the
 * party's registered identifier, never written into Jira or e-mail text.
 */
const IDENTIFIER_FIELDS = new Set(['organisationNumber']);

function pointersOf(value: unknown, pointer: string, depth: number, allowed: (tenDigits: string) => boolean): string[] {
  if (typeof value === 'string') return findIdentityNumbers(value).some((m) => !allowed(m.tenDigits)) ? [pointer] : [];
  if (depth > 64 || value === null || typeof value !== 'object') return [];
  return Object.entries(value)
    .filter(([key]) => !IDENTIFIER_FIELDS.has(key))
    .flatMap(([key, child]) => pointersOf(child, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, depth + 1, allowed));
}
