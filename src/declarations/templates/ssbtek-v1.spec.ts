import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ssbtekV1Json from './ssbtek-v1.json';
import { SSBTEK_TEMPLATE_V1 } from './index';
import { validateTemplateDocument } from './template-document';
import { type TemplateDocument, type TemplateQuestion, type TemplateSubsection } from './template-types';

const SEED_PATH = path.resolve(__dirname, '../../../../shared/seeds/000_7f6c69422820c462.txt');

/*
 * Expected numbers, counted by hand in seed 000 and cross-checked against it below when the seed is present:
 * - Sections (7): the four parts that "Underlag för godkännande" announces (Anslutningsobjekt, Gränssnitt mot
 *   bastjänster, Gränssnitt mot frågetjänster, Miljö runt SSBTEK), then the headings Övrigt, Kända Avvikelser
 *   and Underskrifter. Övrigt and Kända Avvikelser have no sub-headings, so each holds one sub-section of the
 *   same title.
 * - Sub-sections (25): the headings under each section, 2 + 6 + 6 + 7 + 1 + 1 + 2.
 * - Yes/no questions (59): the "[] Ja       [] Nej" boxes, per sub-section as in YES_NO_PER_SUBSECTION.
 * - Closing free-text pairs (19): "Beskrivning av eventuella avvikelser:" and "Övrig kommentar:" each occur
 *   19 times, once per sub-section with yes/no questions.
 * - Other fields (11): Organisation, Organisationsnummer, the product field; the Övrigt and Kända Avvikelser
 *   texts; the party's Datum and Namn; SKR's Bedömning, Avvikelser, Datum and Namn.
 * - Questions in all: 59 + 2 × 19 + 11 = 108.
 */
const SECTION_COUNT = 7;
const SUBSECTION_COUNT = 25;
const YES_NO_COUNT = 59;
const CLOSING_PAIR_COUNT = 19;
const QUESTION_COUNT = 108;
const YES_NO_PER_SUBSECTION = [[0, 0], [2, 4, 1, 1, 1, 1], [3, 1, 1, 1, 1, 2], [5, 8, 4, 8, 1, 8, 6], [0], [0], [0, 0]];

const DEVIATIONS = 'Beskrivning av eventuella avvikelser';
const COMMENT = 'Övrig kommentar';

const template = ssbtekV1Json as TemplateDocument;
const subsections = (doc: TemplateDocument): TemplateSubsection[] => doc.sections.flatMap((section) => section.subsections);
const questions = (doc: TemplateDocument): TemplateQuestion[] => subsections(doc).flatMap((subsection) => subsection.questions);
const question = (s: number, u: number, q: number): TemplateQuestion => template.sections[s].subsections[u].questions[q];

describe('ssbtek-v1.json', () => {
  it('should be a valid template document', () => {
    const result = validateTemplateDocument(ssbtekV1Json);

    expect(result).toEqual({ ok: true, value: ssbtekV1Json });
  });

  it('should be exported validated and frozen as SSBTEK_TEMPLATE_V1', () => {
    expect(SSBTEK_TEMPLATE_V1).toEqual(ssbtekV1Json);
    expect(Object.isFrozen(SSBTEK_TEMPLATE_V1.sections[3].subsections[1].questions[0])).toBe(true);
    expect(SSBTEK_TEMPLATE_V1).toMatchObject({ name: 'ssbtek', kind: 'ssbtek', version: 1 });
  });

  it('should refuse to load when the shipped JSON is invalid, naming the pointers', () => {
    const broken = { ...ssbtekV1Json, sections: [{ ...ssbtekV1Json.sections[0], key: 'Anslutningsobjekt' }] };

    jest.isolateModules(() => {
      jest.doMock('./ssbtek-v1.json', () => broken);
      expect(() => jest.requireActual('./index')).toThrow(
        'ssbtek-v1.json is not a valid template document: /sections/0/key: must match pattern',
      );
    });
  });

  it('should have the sections, sub-sections and questions counted in the seed', () => {
    expect(template.sections).toHaveLength(SECTION_COUNT);
    expect(subsections(template)).toHaveLength(SUBSECTION_COUNT);
    expect(questions(template)).toHaveLength(QUESTION_COUNT);
    expect(questions(template).filter((q) => q.answerType === 'ja_nej')).toHaveLength(YES_NO_COUNT);
    const yesNoPerSubsection = template.sections.map((section) =>
      section.subsections.map((sub) => sub.questions.filter((q) => q.answerType === 'ja_nej').length),
    );
    expect(yesNoPerSubsection).toEqual(YES_NO_PER_SUBSECTION);
  });

  it('should close every sub-section of yes/no questions with the deviation and comment fields', () => {
    const withYesNo = subsections(template).filter((sub) => sub.questions.some((q) => q.answerType === 'ja_nej'));

    expect(withYesNo).toHaveLength(CLOSING_PAIR_COUNT);
    for (const sub of withYesNo) {
      const closing = sub.questions.slice(-2).map(({ text, answerType, required }) => ({ text, answerType, required }));
      expect(closing).toEqual([
        { text: DEVIATIONS, answerType: 'fritext', required: false },
        { text: COMMENT, answerType: 'fritext', required: false },
      ]);
      expect(sub.questions.slice(0, -2).every((q) => q.answerType === 'ja_nej' && q.required)).toBe(true);
    }
    expect(questions(template).filter((q) => q.text === DEVIATIONS || q.text === COMMENT)).toHaveLength(2 * CLOSING_PAIR_COUNT);
  });

  it('should leave only the review result to SKR', () => {
    const bySkr = questions(template)
      .filter((q) => q.filledBy === 'skr')
      .map((q) => q.key);

    expect(bySkr).toEqual([
      'underskrifter.resultat.bedomning',
      'underskrifter.resultat.avvikelser',
      'underskrifter.resultat.datum',
      'underskrifter.resultat.namn',
    ]);
  });

  it('should keep the seed text at known positions', () => {
    expect(template.sections.map((section) => section.title)).toEqual([
      'Anslutningsobjekt',
      'Gränssnitt mot bastjänster',
      'Gränssnitt mot frågetjänster',
      'Miljö runt SSBTEK',
      'Övrigt',
      'Kända Avvikelser',
      'Underskrifter',
    ]);
    expect(question(0, 0, 1)).toMatchObject({ text: 'Organisationsnummer', answerType: 'organisationsnummer', filledBy: 'part' });
    expect(question(0, 1, 0).helpText).toBe('Ange standardsystem och egenbyggda komponenter som används.');
    expect(question(1, 0, 0).text).toBe('Finns det en fungerande koppling mellan SSBTEK och alla bastjänster i testmiljön?');
    expect(question(1, 1, 3).text).toBe(
      'Hanteras samtidiga anrop, för olika personer, mot olika bastjänster utan sammanblandning av information i svaret?',
    );
    expect(template.sections[2].subsections[4].title).toBe('Sammansatt data från SSBTEK');
    expect(question(2, 5, 1).text).toBe(
      'Har SSBTEK felhantering när inte ett svar kan produceras, t.ex. när beroenden internt eller externt försvinner, går ner eller på något sätt blir otillgängliga?',
    );
    expect(question(3, 0, 0).text).toBe(
      'Driftleverantören arbetar efter ett ledningssystem för informationssäkerhet baserat på SSISO/IEC 27001:2 006 och SS-ISO/IEC 27002:2005 enligt SLA [R11] kapitel 4.11.',
    );
    expect(question(3, 3, 4).text).toBe(
      'För 10 % av förfrågningar, som har fler än ett personnummer/samordningsnummer, mot SSBTEK som lämnas svar inom 12 sekunder + 1,5 sekund extra för varje personnummer/samordningsnummer enligt SLA [R11] kapitel 4.8.1.',
    );
    expect(question(3, 6, 5).text).toBe(
      'Förändringar av användningsmönster eller volymer har kommunicerats till Uppgiftslämnaren för att optimera resursutnyttjandet och säkerställa att rätt kapacitet kan levereras enligt SLA [R11] kapitel 4.7.',
    );
    expect(question(6, 0, 0)).toMatchObject({ text: 'Datum', answerType: 'datum', filledBy: 'part', required: true });
    expect(question(6, 1, 0).options?.map((option) => option.text)).toEqual([
      'Godkänd med eller utan avvikelser',
      'Godkänd med förbehåll',
      'Icke godkänd',
    ]);
  });

  it('should cite only references the template defines', () => {
    const ids = new Set(template.references?.map((reference) => reference.id));
    const texts = [
      template.introduction ?? '',
      ...template.sections.flatMap((section) => [section.description ?? '', ...section.subsections.map((sub) => sub.description ?? '')]),
      ...questions(template).flatMap((q) => [q.text, q.helpText ?? '']),
    ];
    const cited = texts.flatMap((text) => [...text.matchAll(/\[(R\d+)\]/g)].map((match) => match[1]));

    expect(cited.length).toBeGreaterThan(0);
    expect(cited.filter((id) => !ids.has(id))).toEqual([]);
  });
});

const seedText = existsSync(SEED_PATH) ? readFileSync(SEED_PATH, 'utf8') : undefined;
// A developer's clone may lack ../shared and skips with a warning; CI must not pass by quietly skipping the comparison.
const seedRequired = (process.env.CI ?? 'false') !== 'false';
if (seedText === undefined && !seedRequired) {
  console.warn(`ssbtek-v1.spec: seed 000 not found at ${SEED_PATH}; the verbatim comparison with the seed is skipped.`);
}
const describeWithSeed = seedText === undefined && !seedRequired ? describe.skip : describe;

/*
 * Besides whitespace, only the Word export's footnote markers ("xls[footnoteRef:4] [R8]") are removed from the
 * seed: they are conversion artefacts that no reader of the form should see, and the [Rn] citation beside each
 * one is kept.
 */
function normalise(text: string): string {
  return text
    .replace(/\[footnoteRef:\d+\]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const YES_NO_BOX = normalise('[] Ja       [] Nej');

function occurrences(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

describeWithSeed('ssbtek-v1.json against seed 000', () => {
  beforeAll(() => {
    if (seedText === undefined)
      throw new Error(`CI=${process.env.CI}: seed 000 must be at ${SEED_PATH} (check out ../shared beside the repository).`);
  });
  const seed = normalise(seedText ?? '');

  it('should have as many yes/no boxes and closing fields as the seed', () => {
    expect(occurrences(seed, YES_NO_BOX)).toBe(YES_NO_COUNT);
    expect(occurrences(seed, `${DEVIATIONS}:`)).toBe(CLOSING_PAIR_COUNT);
    expect(occurrences(seed, `${COMMENT}:`)).toBe(CLOSING_PAIR_COUNT);
  });

  it('should contain every title, description, question and option verbatim and in the seed order', () => {
    const missing: string[] = [];
    let cursor = 0;
    const expectNext = (text: string): number => {
      const at = seed.indexOf(normalise(text), cursor);
      if (at < 0) {
        missing.push(text);
        return cursor;
      }
      cursor = at + normalise(text).length;
      return at;
    };
    const subsectionStarts: number[] = [];

    for (const section of template.sections) {
      const sectionStart = expectNext(section.title);
      section.description?.split('\n').forEach(expectNext);
      for (const sub of section.subsections) {
        // A heading without sub-headings is both section and sub-section; the seed prints it once.
        subsectionStarts.push(sub.title === section.title ? sectionStart : expectNext(sub.title));
        sub.description?.split('\n').forEach(expectNext);
        for (const q of sub.questions) {
          expectNext(q.text);
          q.options?.forEach((option) => expectNext(option.text));
        }
      }
    }

    expect(missing).toEqual([]);
    const yesNoInSeed = subsectionStarts.map((start, i) =>
      occurrences(seed.slice(start, subsectionStarts[i + 1] ?? seed.length), YES_NO_BOX),
    );
    expect(yesNoInSeed).toEqual(YES_NO_PER_SUBSECTION.flat());
  });

  it('should take help texts, introduction, definitions and references verbatim from the seed', () => {
    const lines = [
      ...(template.introduction?.split('\n') ?? []),
      ...questions(template).flatMap((q) => [
        ...(q.helpText?.split('\n') ?? []),
        ...(q.options ?? []).flatMap((option) => option.helpText?.split('\n') ?? []),
      ]),
      ...(template.definitions ?? []).map(({ term, definition }) => `${term} – ${definition}`),
      ...(template.references ?? []).map(({ id, document, link }) => `${id} ${document} ${link}`),
    ];

    expect(lines.filter((line) => !seed.includes(normalise(line)))).toEqual([]);
  });
});
