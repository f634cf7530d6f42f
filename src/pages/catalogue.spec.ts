import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Catalogue } from './catalogue';
import { EN } from './catalogue.en';
import { SV } from './catalogue.sv';

function keysOf(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value as object, `${prefix}${key}.`),
  );
}

function templates(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return templates(path);
    return entry.name.endsWith('.eta') ? [path] : [];
  });
}

const SRC = join(__dirname, '..');
/** What stands in for an Eta tag while the rest is searched: a character no template contains. */
const TAG = '\u0001';
const TEXT_ATTRIBUTES = /\s(title|aria-label|placeholder|alt|aria-description|label)="([^"]*)"/g;

/**
 * What a template shows a reader without the catalogue: its text nodes and readable attributes once every Eta tag
 * is taken out. Punctuation and symbols between two catalogue texts (`·`, `:`, parentheses) are not words.
 */
export function literalTexts(template: string): string[] {
  const withoutTags = template.replace(/<%[\s\S]*?%>/g, TAG);
  const found: string[] = [];
  for (const [, , value] of withoutTags.matchAll(TEXT_ATTRIBUTES)) if (/\p{L}/u.test(value.replaceAll(TAG, ''))) found.push(value);
  // A button's value is its text; other values (an option's, a checkbox's) are what the form sends, not what it shows.
  for (const [input] of withoutTags.matchAll(/<input\b[^>]*>/g)) {
    const value = /\svalue="([^"]*)"/.exec(input)?.[1] ?? '';
    if (/\stype="(submit|button|reset)"/.test(input) && /\p{L}/u.test(value.replaceAll(TAG, ''))) found.push(value);
  }
  const text = withoutTags
    .replace(/<!DOCTYPE[^>]*>/gi, '')
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<[^>]*>/g, '\n');
  for (const piece of text.replaceAll(TAG, '\n').split('\n')) if (/\p{L}/u.test(piece)) found.push(piece.trim());
  return found;
}

describe(Catalogue.name, () => {
  it('should have the same keys in Swedish and English', () => {
    expect(keysOf(EN).sort()).toEqual(keysOf(SV).sort());
  });

  it('should refuse a key it does not have, so a typo in a template fails its test instead of showing the key', () => {
    const t = new Catalogue().translator('sv');
    expect(t('site.name')).toBe('Avvikelse');
    expect(() => t('site.nosuch')).toThrow('no catalogue text "site.nosuch" in sv');
  });

  it('should fill in values without escaping them, since the templates escape', () => {
    expect(new Catalogue().translator('en')('site.actingFor', { party: 'A & <B>' })).toBe('You act for A & <B>');
  });

  it('should give each language its own text for a key, and a key with values its values, when texts are remembered', () => {
    const catalogue = new Catalogue();
    const [sv, en] = [catalogue.translator('sv'), catalogue.translator('en')];
    expect([sv('site.skipToContent'), en('site.skipToContent'), sv('site.skipToContent')]).toEqual([
      'Hoppa till huvudinnehållet',
      'Skip to main content',
      'Hoppa till huvudinnehållet',
    ]);
    expect([en('site.actingFor', { party: 'A' }), en('site.actingFor', { party: 'B' })]).toEqual(['You act for A', 'You act for B']);
    expect(() => sv('site.nosuch')).toThrow('no catalogue text');
    expect(() => sv('site.nosuch')).toThrow('no catalogue text');
  });

  it('should find a literal text in a template', () => {
    expect(literalTexts('<p>Hej <%= it.t("x") %></p><a title="Stäng">x</a>')).toEqual(['Stäng', 'Hej', 'x']);
    expect(literalTexts('<p><%= it.t("a") %> · <%= it.t("b") %> (<%= it.n %>)</p><input aria-label="<%= it.t("c") %>">')).toEqual([]);
    expect(literalTexts('<input type="submit" value="Skicka"><input type="checkbox" name="c" value="yes"><option value="desc">')).toEqual([
      'Skicka',
    ]);
  });

  it('should have no literal user-facing text in any template', () => {
    const offenders = templates(SRC).flatMap((path) =>
      literalTexts(readFileSync(path, 'utf8')).map((text) => `${relative(SRC, path)}: ${JSON.stringify(text)}`),
    );
    expect(offenders).toEqual([]);
  });
});
