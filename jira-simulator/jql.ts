// A JQL subset large enough for an incremental sync: field clauses (=, !=, <, <=, >, >=, ~, !~, IN, NOT IN, IS [NOT]
// EMPTY) joined by AND/OR/NOT and parentheses, then ORDER BY. Unknown fields, values and syntax errors answer 400 with
// Jira's wording, because a sync that builds JQL wrongly must fail here as it would against Jira.
import { adfToText } from './adf';
import { badRequestMessage } from './errors';
import type { IssueRecord } from './store';
import { parseJqlDate } from './time';
import { ISSUE_TYPES, PRIORITIES, RESOLUTIONS, STATUS_CATEGORIES, STATUSES, statusById } from './workflow';

export interface JqlContext {
  projectKey: string;
  projectId: string;
  projectName: string;
  timeZone: string;
  now: number;
}

export interface CompiledJql {
  /** Whether the query restricts the issues at all; ORDER BY alone does not. */
  bounded: boolean;
  matches(issue: IssueRecord): boolean;
  compare(a: IssueRecord, b: IssueRecord): number;
}

type TokenKind = 'word' | 'string' | 'op' | 'lparen' | 'rparen' | 'comma' | 'end';

interface Token {
  kind: TokenKind;
  text: string;
  position: number;
}

const OPERATORS = ['!=', '>=', '<=', '!~', '=', '>', '<', '~'];

function tokenize(jql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < jql.length) {
    const ch = jql[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: ch === '(' ? 'lparen' : ch === ')' ? 'rparen' : 'comma', text: ch, position: i });
      i++;
      continue;
    }
    const op = OPERATORS.find((candidate) => jql.startsWith(candidate, i));
    if (op) {
      tokens.push({ kind: 'op', text: op, position: i });
      i += op.length;
      continue;
    }
    if (ch === '"' || ch === "'") {
      let text = '';
      let j = i + 1;
      while (j < jql.length && jql[j] !== ch) {
        if (jql[j] === '\\' && j + 1 < jql.length) j++;
        text += jql[j++];
      }
      if (j >= jql.length) throw syntaxError(`The quoted string starting at character ${i + 1} has not been completed.`);
      tokens.push({ kind: 'string', text, position: i });
      i = j + 1;
      continue;
    }
    const word = /^[^\s(),=!<>~"']+/.exec(jql.slice(i));
    if (!word) throw syntaxError(`The character '${ch}' is a reserved JQL character. (line 1, character ${i + 1})`);
    tokens.push({ kind: 'word', text: word[0], position: i });
    i += word[0].length;
  }
  tokens.push({ kind: 'end', text: '<EOF>', position: jql.length });
  return tokens;
}

function syntaxError(detail: string): Error {
  return badRequestMessage(`Error in the JQL Query: ${detail}`);
}

type Predicate = (issue: IssueRecord) => boolean;

/** How a field reads off an issue and turns a JQL literal into something comparable with it. */
interface FieldAccess {
  name: string;
  kind: 'enum' | 'multi' | 'date' | 'text' | 'number' | 'json';
  read(issue: IssueRecord): unknown;
  literal?(value: string): unknown;
}

const enumField = (
  name: string,
  read: (issue: IssueRecord) => string | null,
  values: readonly { id: string; name: string }[],
  extra: Record<string, string> = {},
): FieldAccess => ({
  name,
  kind: 'enum',
  read,
  literal(value) {
    const lower = value.toLowerCase();
    if (extra[lower] !== undefined) return extra[lower];
    const found = values.find((v) => v.id === value || v.name.toLowerCase() === lower);
    if (!found) throw badRequestMessage(`The value '${value}' does not exist for the field '${name}'.`);
    return found.id;
  },
});

function resolveField(raw: string, ctx: JqlContext): FieldAccess {
  const lower = raw.toLowerCase();
  const property = /^issue\.property\[([^\]]+)\]((?:\.[^.]+)*)$/i.exec(raw);
  if (property) {
    const [, key, path] = property;
    const steps = path.split('.').filter((step) => step !== '');
    return {
      name: raw,
      kind: 'json',
      read(issue) {
        let value: unknown = issue.properties.get(key);
        for (const step of steps) value = isObject(value) ? value[step] : undefined;
        return value;
      },
    };
  }
  const custom = /^(?:cf\[(\d+)\]|customfield_(\d+))$/i.exec(raw);
  if (custom) {
    const id = `customfield_${custom[1] ?? custom[2]}`;
    return { name: raw, kind: 'json', read: (issue) => issue.custom[id] };
  }
  switch (lower) {
    case 'project':
      return {
        name: 'project',
        kind: 'enum',
        read: (issue) => issue.projectId,
        literal(value) {
          if ([ctx.projectKey.toLowerCase(), ctx.projectId, ctx.projectName.toLowerCase()].includes(value.toLowerCase()))
            return ctx.projectId;
          throw badRequestMessage(`The value '${value}' does not exist for the field 'project'.`);
        },
      };
    case 'key':
    case 'issuekey':
    case 'id':
      return {
        name: 'key',
        kind: 'number',
        read: (issue) => Number(issue.id),
        literal(value) {
          if (/^\d+$/.test(value)) return Number(value);
          const match = new RegExp(`^${ctx.projectKey}-(\\d+)$`, 'i').exec(value);
          if (!match) throw badRequestMessage(`An issue with key '${value}' does not exist for field '${lower}'.`);
          return { issueNumber: Number(match[1]) };
        },
      };
    case 'labels':
      return { name: 'labels', kind: 'multi', read: (issue) => issue.labels, literal: (value) => value };
    case 'status':
      return enumField('status', (issue) => issue.statusId, STATUSES);
    case 'statuscategory':
      return enumField(
        'statusCategory',
        (issue) => statusById(issue.statusId)!.category,
        Object.values(STATUS_CATEGORIES).map((c) => ({ id: c.key, name: c.name })),
        Object.fromEntries(
          Object.values(STATUS_CATEGORIES).flatMap((c) => [
            [String(c.id), c.key],
            [c.key, c.key],
          ]),
        ),
      );
    case 'priority':
      return enumField('priority', (issue) => issue.priorityId, PRIORITIES);
    case 'resolution':
      return enumField('resolution', (issue) => issue.resolutionId ?? '', RESOLUTIONS, { unresolved: '' });
    case 'type':
    case 'issuetype':
      return enumField('issuetype', (issue) => issue.issueTypeId, ISSUE_TYPES);
    case 'created':
    case 'createddate':
      return { name: 'created', kind: 'date', read: (issue) => issue.created };
    case 'updated':
    case 'updateddate':
      return { name: 'updated', kind: 'date', read: (issue) => issue.updated };
    case 'resolved':
    case 'resolutiondate':
      return { name: 'resolved', kind: 'date', read: (issue) => issue.resolutionDate };
    case 'summary':
      return { name: 'summary', kind: 'text', read: (issue) => issue.summary };
    case 'description':
      return { name: 'description', kind: 'text', read: (issue) => adfToText(issue.description) };
    case 'text':
      return {
        name: 'text',
        kind: 'text',
        read: (issue) => [issue.summary, adfToText(issue.description), ...issue.comments.map((c) => adfToText(c.body))].join('\n'),
      };
    default:
      throw badRequestMessage(`Field '${raw}' does not exist or you do not have permission to view it.`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isEmpty = (value: unknown): boolean =>
  value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

const SUPPORTED: Record<FieldAccess['kind'], readonly string[]> = {
  enum: ['=', '!=', 'in', 'not in'],
  multi: ['=', '!=', 'in', 'not in'],
  date: ['=', '!=', '<', '<=', '>', '>=', 'in', 'not in'],
  text: ['~', '!~'],
  number: ['=', '!=', '<', '<=', '>', '>=', 'in', 'not in'],
  json: ['=', '!=', '<', '<=', '>', '>=', 'in', 'not in'],
};

class Parser {
  private index = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly ctx: JqlContext,
  ) {}

  parse(): CompiledJql {
    let predicate: Predicate = () => true;
    const bounded = !this.atKeyword('order') && this.peek().kind !== 'end';
    if (bounded) predicate = this.or();
    const sorts: ((a: IssueRecord, b: IssueRecord) => number)[] = [];
    if (this.atKeyword('order')) {
      this.next();
      this.expectKeyword('by');
      do {
        const field = this.expect('word', 'a field name');
        const access = this.sortAccess(field.text);
        let direction = 1;
        if (this.atKeyword('asc')) this.next();
        else if (this.atKeyword('desc')) {
          this.next();
          direction = -1;
        }
        sorts.push((a, b) => direction * compareValues(access(a), access(b)));
      } while (this.accept('comma'));
    }
    const end = this.peek();
    if (end.kind !== 'end') throw this.unexpected(end, "Expecting either 'OR' or 'AND'");
    // Without ORDER BY, Jira orders by key, newest first.
    const order = sorts.length > 0 ? sorts : [(a: IssueRecord, b: IssueRecord) => Number(b.id) - Number(a.id)];
    return {
      bounded,
      matches: predicate,
      compare: (a, b) => {
        for (const sort of order) {
          const result = sort(a, b);
          if (result !== 0) return result;
        }
        return Number(a.id) - Number(b.id);
      },
    };
  }

  private or(): Predicate {
    const parts = [this.and()];
    while (this.atKeyword('or')) {
      this.next();
      parts.push(this.and());
    }
    return parts.length === 1 ? parts[0] : (issue) => parts.some((p) => p(issue));
  }

  private and(): Predicate {
    const parts = [this.not()];
    while (this.atKeyword('and')) {
      this.next();
      parts.push(this.not());
    }
    return parts.length === 1 ? parts[0] : (issue) => parts.every((p) => p(issue));
  }

  private not(): Predicate {
    if (this.atKeyword('not')) {
      this.next();
      const inner = this.not();
      return (issue) => !inner(issue);
    }
    if (this.accept('lparen')) {
      const inner = this.or();
      this.expect('rparen', "')'");
      return inner;
    }
    return this.clause();
  }

  private clause(): Predicate {
    const fieldToken = this.peek();
    if (fieldToken.kind !== 'word' && fieldToken.kind !== 'string') throw this.unexpected(fieldToken, 'Expecting a field name');
    this.next();
    const field = resolveField(fieldToken.text, this.ctx);
    if (this.atKeyword('is')) {
      this.next();
      const negate = this.atKeyword('not') ? (this.next(), true) : false;
      if (!this.atKeyword('empty') && !this.atKeyword('null')) throw this.unexpected(this.peek(), "Expecting 'EMPTY'");
      this.next();
      return (issue) => isEmpty(field.read(issue)) !== negate;
    }
    let operator: string;
    if (this.atKeyword('in')) {
      this.next();
      operator = 'in';
    } else if (this.atKeyword('not')) {
      this.next();
      this.expectKeyword('in');
      operator = 'not in';
    } else {
      operator = this.expect('op', 'an operator').text;
    }
    if (!SUPPORTED[field.kind].includes(operator)) {
      throw badRequestMessage(`The operator '${operator}' is not supported by the '${field.name}' field.`);
    }
    if (operator === 'in' || operator === 'not in') {
      this.expect('lparen', "'('");
      const values = [this.value(field)];
      while (this.accept('comma')) values.push(this.value(field));
      this.expect('rparen', "')'");
      const tests = values.map((value) => this.test(field, '=', value));
      return operator === 'in'
        ? (issue) => tests.some((t) => t(issue))
        : (issue) => !isEmpty(field.read(issue)) && !tests.some((t) => t(issue));
    }
    return this.test(field, operator, this.value(field));
  }

  /** A literal, converted for the field; EMPTY/NULL become null. */
  private value(field: FieldAccess): unknown {
    const token = this.next();
    if (token.kind !== 'word' && token.kind !== 'string') throw this.unexpected(token, 'Expecting a value');
    if (token.kind === 'word' && ['empty', 'null'].includes(token.text.toLowerCase())) return null;
    if (token.kind === 'word' && this.peek().kind === 'lparen') {
      this.next();
      this.expect('rparen', "')'");
      if (token.text.toLowerCase() !== 'now') throw badRequestMessage(`Unable to find JQL function '${token.text}()'.`);
      return field.kind === 'date' ? this.ctx.now : token.text;
    }
    if (field.kind === 'date') {
      const instant = parseJqlDate(token.text, this.ctx.timeZone, this.ctx.now);
      if (instant === undefined) {
        throw badRequestMessage(
          `Date value '${token.text}' for field '${field.name}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', ` +
            "'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.",
        );
      }
      return instant;
    }
    return field.literal ? field.literal(token.text) : token.text;
  }

  private test(field: FieldAccess, operator: string, literal: unknown): Predicate {
    // `resolution = Unresolved` arrives as '' and means EMPTY.
    if (literal === null || (literal === '' && field.kind === 'enum')) {
      if (operator === '=') return (issue) => isEmpty(field.read(issue));
      if (operator === '!=') return (issue) => !isEmpty(field.read(issue));
      throw badRequestMessage(`The operator '${operator}' does not support the value EMPTY.`);
    }
    if (field.kind === 'text') {
      const words = String(literal)
        .toLowerCase()
        .split(/\s+/)
        .filter((w) => w !== '');
      const contains = (issue: IssueRecord): boolean => {
        const text = String(field.read(issue)).toLowerCase();
        return words.every((w) => text.includes(w.replace(/\*$/, '')));
      };
      return operator === '~' ? contains : (issue) => !contains(issue);
    }
    if (field.kind === 'multi') {
      // Like Jira, `labels != x` does not match issues that have no labels at all.
      const has = (issue: IssueRecord): boolean => (field.read(issue) as string[]).includes(String(literal));
      return operator === '=' ? has : (issue) => !isEmpty(field.read(issue)) && !has(issue);
    }
    if (isObject(literal) && typeof literal.issueNumber === 'number') {
      const issueNumber = literal.issueNumber;
      const byNumber = (issue: IssueRecord): number => Number(issue.key.split('-')[1]) - issueNumber;
      return (issue) => compareOp(byNumber(issue), 0, operator);
    }
    return (issue) => {
      const value = field.read(issue);
      // Jira's comparisons, != included, never match an empty field.
      if (isEmpty(value)) return false;
      if (Array.isArray(value) && (operator === '=' || operator === '!=')) {
        const has = value.some((v) => String(v) === String(literal));
        return operator === '=' ? has : !has;
      }
      return compareOp(compareValues(value, coerceLike(literal, value)), 0, operator);
    };
  }

  private sortAccess(raw: string): (issue: IssueRecord) => unknown {
    const field = resolveField(raw, this.ctx);
    if (field.name === 'priority') return (issue) => -Number(issue.priorityId);
    if (field.name === 'key') return (issue) => Number(issue.key.split('-')[1]);
    return (issue) => field.read(issue);
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private next(): Token {
    const token = this.tokens[this.index];
    if (token.kind !== 'end') this.index++;
    return token;
  }

  private accept(kind: TokenKind): boolean {
    if (this.peek().kind !== kind) return false;
    this.next();
    return true;
  }

  private atKeyword(keyword: string): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.text.toLowerCase() === keyword;
  }

  private expect(kind: TokenKind, description: string): Token {
    const token = this.peek();
    if (token.kind !== kind) throw this.unexpected(token, `Expecting ${description}`);
    return this.next();
  }

  private expectKeyword(keyword: string): void {
    if (!this.atKeyword(keyword)) throw this.unexpected(this.peek(), `Expecting '${keyword.toUpperCase()}'`);
    this.next();
  }

  private unexpected(token: Token, expecting: string): Error {
    return syntaxError(`${expecting} but got '${token.text}'. (line 1, character ${token.position + 1})`);
  }
}

function coerceLike(literal: unknown, value: unknown): unknown {
  if (typeof value === 'number' && typeof literal === 'string' && literal.trim() !== '' && !Number.isNaN(Number(literal))) {
    return Number(literal);
  }
  if (typeof value === 'string' && typeof literal === 'number') return String(literal);
  return literal;
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

function compareOp(comparison: number, zero: number, operator: string): boolean {
  switch (operator) {
    case '=':
      return comparison === zero;
    case '!=':
      return comparison !== zero;
    case '<':
      return comparison < zero;
    case '<=':
      return comparison <= zero;
    case '>':
      return comparison > zero;
    default:
      return comparison >= zero;
  }
}

/** Parses and checks `jql` once; the result filters and orders issues. Throws a 400 JiraError when Jira would. */
export function compileJql(jql: string, ctx: JqlContext): CompiledJql {
  return new Parser(tokenize(jql), ctx).parse();
}
