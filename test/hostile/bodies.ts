import { randomUUID } from 'node:crypto';
import { deepJson, HOSTILE_VALUES, pick, RawJson } from './generators';
import type { Schema } from './operations';

/**
 * Request bodies from the served schemas. `valid` builds the example body an operation documents (its examples, enums,
 * formats and bounds), so a mutation of ONE field gets past the DTO to the service's own rules — a template's YAML, an
 * agreement's numbers, a review's verdict — instead of dying in the validation pipe like plain garbage.
 */
export class BodyGenerator {
  constructor(
    private readonly components: Record<string, Schema>,
    private readonly ids: { own: string[]; foreign: string[] },
  ) {}

  resolve(schema: Schema | undefined): Schema | undefined {
    const s = schema?.$ref ? this.components[schema.$ref.split('/').pop()!] : schema;
    return s?.allOf?.length === 1 ? this.resolve(s.allOf[0]) : s;
  }

  valid(schema: Schema | undefined, random: () => number, depth = 0): unknown {
    const s = this.resolve(schema);
    if (!s || depth > 5) return null;
    if (s.example !== undefined) return structuredClone(s.example);
    if (s.enum) return pick(random, s.enum);
    if (s.oneOf?.length) return this.valid(pick(random, s.oneOf), random, depth + 1);
    switch (s.type) {
      case 'object':
        return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, this.valid(v, random, depth + 1)]));
      case 'array':
        return [this.valid(s.items, random, depth + 1)];
      case 'integer':
      case 'number':
        return s.minimum ?? 1;
      case 'boolean':
        return true;
      default:
        return this.validString(s, random);
    }
  }

  private validString(s: Schema, random: () => number): string {
    if (s.format === 'uuid') return pick(random, this.ids.own);
    if (s.format === 'date-time') return new Date().toISOString();
    if (s.format === 'date') return new Date().toISOString().slice(0, 10);
    if (s.format === 'email') return 'hostile@example.se';
    if (s.format === 'uri') return 'https://example.se/hook';
    return 'text'.padEnd(s.minLength ?? 4, 'x');
  }

  /** Values just outside (or at) a field's documented bounds, and values of a kind the service may not expect. */
  private edgeValues(schema: Schema | undefined, random: () => number): unknown[] {
    const s = this.resolve(schema) ?? {};
    const common = [null, pick(random, HOSTILE_VALUES)];
    if (s.enum) return [...s.enum, `${String(s.enum[0])}x`, String(s.enum[0]).toUpperCase(), ...common];
    switch (s.type) {
      case 'integer':
      case 'number':
        return [(s.minimum ?? 0) - 1, (s.maximum ?? 1e9) + 1, s.minimum ?? 0, s.maximum ?? 2 ** 31, 0.5, -0, 2 ** 53, ...common];
      case 'array': {
        const item = this.valid(s.items, random);
        return [[], [item, item], new Array(1001).fill(item), [null], ...common];
      }
      case 'object':
        return [{}, ...common];
      case 'boolean':
        return ['true', 1, ...common];
      default:
        if (s.format === 'uuid') return [...this.ids.foreign, randomUUID(), `${this.ids.own[0]}\u0000`, ...common];
        if (s.format?.startsWith('date')) return ['1900-01-01', '9999-12-31T23:59:59Z', '2026-02-30', '0000-01-01', ...common];
        return ['', ' ', 'x'.repeat((s.maxLength ?? 10_000) + 1), 'rad ett\r\nrad två', 'a\u0000b', '\u202egnp.exe', ...common];
    }
  }

  /** A valid body with exactly one field (top level or one level down) replaced by an edge value. */
  mutatedOneField(schema: Schema | undefined, random: () => number): unknown {
    const body = this.valid(schema, random);
    if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
    const root = this.resolve(schema);
    const fields = Object.keys(body);
    if (fields.length === 0) return body;
    const field = pick(random, fields);
    const fieldSchema = this.resolve(root?.properties?.[field]);
    const nested = (body as Record<string, unknown>)[field];
    if (nested && typeof nested === 'object' && !Array.isArray(nested) && random() < 0.4) {
      const inner = Object.keys(nested);
      if (inner.length > 0) {
        const key = pick(random, inner);
        (nested as Record<string, unknown>)[key] = pick(random, this.edgeValues(fieldSchema?.properties?.[key], random));
        return body;
      }
    }
    if (random() < 0.15) {
      delete (body as Record<string, unknown>)[field];
      return body;
    }
    (body as Record<string, unknown>)[field] = pick(random, this.edgeValues(fieldSchema, random));
    return body;
  }

  /** Garbage: wrong types, deep nesting, privilege keys, unknown fields. */
  garbage(schema: Schema | undefined, random: () => number): unknown {
    const roll = random();
    if (roll < 0.25) return pick(random, HOSTILE_VALUES);
    if (roll < 0.35) return deepJson(5000);
    const body = this.valid(schema, random);
    const base = body && typeof body === 'object' && !Array.isArray(body) ? body : {};
    return { ...base, [pick(random, ['isAdmin', 'partyId', 'role', '__proto__', 'constructor', 'id'])]: pick(random, HOSTILE_VALUES) };
  }

  /** Half business-reaching mutations, a tenth the untouched example (often accepted: the writes are real), the rest garbage. */
  body(schema: Schema | undefined, random: () => number): unknown {
    const roll = random();
    if (roll < 0.5) return this.mutatedOneField(schema, random);
    if (roll < 0.6) return this.valid(schema, random);
    return this.garbage(schema, random);
  }
}

export function serialise(value: unknown): string {
  return value instanceof RawJson ? value.text : JSON.stringify(value);
}
