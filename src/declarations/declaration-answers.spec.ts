import { escapePointer, isIsoDate, isOrganisationNumber, parseAnswers, questionsOf } from './declaration-answers';
import type { TemplateDocument, TemplateQuestion } from './templates/template-types';
import { SSBTEK_TEMPLATE_V1 } from './templates';

const q = (key: string, answerType: TemplateQuestion['answerType'], extra: Partial<TemplateQuestion> = {}): TemplateQuestion => ({
  key,
  text: key,
  answerType,
  filledBy: 'part',
  required: true,
  ...extra,
});

const QUESTIONS = new Map<string, TemplateQuestion>(
  [
    q('drift.ja-nej', 'ja_nej'),
    q('org.nummer', 'organisationsnummer'),
    q('plan.datum', 'datum'),
    q('produkt.namn', 'fritext'),
    q('miljo.val', 'enval', {
      options: [
        { key: 'test', text: 'Test' },
        { key: 'produktion', text: 'Produktion' },
      ],
    }),
    q('resultat.skr', 'fritext', { filledBy: 'skr' }),
    q('underskrifter.kontaktperson.namn', 'fritext'),
    q('a/b~c', 'fritext'),
  ].map((question) => [question.key, question]),
);

async function errorsFor(raw: Record<string, unknown>, reopened: string[] | null = null) {
  return (await parseAnswers(raw, QUESTIONS, reopened)).errors.map((e) => [e.pointer, e.code]);
}

describe('declaration answers', () => {
  it('should accept well-formed answers of every type and a null that clears one', async () => {
    const { answers, errors } = await parseAnswers(
      {
        'drift.ja-nej': { svar: 'nej', citations: ['AVV-2026-00042'] },
        'org.nummer': { svar: '212000-0142' },
        'plan.datum': { svar: '2026-12-31' },
        'produkt.namn': { svar: '  Procapita  ' },
        'miljo.val': { svar: 'produktion' },
        'a/b~c': null,
      },
      QUESTIONS,
      null,
    );
    expect(errors).toEqual([]);
    expect(answers.get('produkt.namn')?.svar).toBe('Procapita');
    expect(answers.get('a/b~c')).toBeNull();
    expect(answers.size).toBe(6);
  });

  it.each([
    ['ej_relevant without a motivation', { 'drift.ja-nej': { svar: 'ej_relevant' } }, [['/answers/drift.ja-nej/kommentar', 'required']]],
    ['nej without a cited or described deviation', { 'drift.ja-nej': { svar: 'nej' } }, [['/answers/drift.ja-nej/citations', 'required']]],
    ['a yes/no answer that is neither', { 'drift.ja-nej': { svar: 'kanske' } }, [['/answers/drift.ja-nej/svar', 'isIn']]],
    [
      'an organisationsnummer with a wrong check digit',
      { 'org.nummer': { svar: '212000-0143' } },
      [['/answers/org.nummer/svar', 'organisationsnummer']],
    ],
    ['an impossible date', { 'plan.datum': { svar: '2026-02-30' } }, [['/answers/plan.datum/svar', 'isDate']]],
    ['an option the question does not offer', { 'miljo.val': { svar: 'staging' } }, [['/answers/miljo.val/svar', 'isIn']]],
    ['a question the template does not have', { 'finns.inte': { svar: 'ja' } }, [['/answers/finns.inte', 'unknownQuestion']]],
    ["SKR's own field", { 'resultat.skr': { svar: 'Godkänd' } }, [['/answers/resultat.skr', 'filledBySkr']]],
    [
      'the signature as an answer',
      { 'underskrifter.kontaktperson.namn': { svar: 'Anna' } },
      [['/answers/underskrifter.kontaktperson.namn', 'signature']],
    ],
    ['an answer that is not an object', { 'produkt.namn': 'Procapita' }, [['/answers/produkt.namn', 'type']]],
    ['an empty answer text', { 'produkt.namn': { svar: '   ' } }, [['/answers/produkt.namn/svar', 'minLength']]],
    ['an unknown field', { 'produkt.namn': { svar: 'x', betyg: 5 } }, [['/answers/produkt.namn/betyg', 'unknownField']]],
    ['a key with / and ~, escaped in the pointer', { 'a/b~c': { svar: 42 } }, [['/answers/a~1b~0c/svar', 'isString']]],
  ])('should refuse %s with a pointer to it', async (_what, raw, expected) => {
    const errors = await errorsFor(raw as Record<string, unknown>);
    // One pointer per broken field (a field may break several of its rules at once), and the rule named.
    expect([...new Set(errors.map(([pointer]) => pointer))]).toEqual(expected.map(([pointer]) => pointer));
    expect(errors.map(([, code]) => code)).toContain(expected[0][1]);
  });

  it('should report every broken answer of a request, not just the first', async () => {
    const errors = await errorsFor({ 'drift.ja-nej': { svar: 'nej' }, 'plan.datum': { svar: 'igår' }, 'finns.inte': null });
    expect(errors.map(([pointer]) => pointer)).toEqual([
      '/answers/drift.ja-nej/citations',
      '/answers/plan.datum/svar',
      '/answers/finns.inte',
    ]);
  });

  it('should only take the reopened answers after a review with förbehåll', async () => {
    expect(await errorsFor({ 'produkt.namn': { svar: 'Ny' }, 'plan.datum': { svar: '2027-01-15' } }, ['plan.datum'])).toEqual([
      ['/answers/produkt.namn', 'notReopened'],
    ]);
    expect(await errorsFor({ 'produkt.namn': { svar: 'Ny' } }, [])).toEqual([]);
  });

  it('should refuse more than 500 answers in one request as a whole', async () => {
    const raw = Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`k${i}`, null]));
    expect(await errorsFor(raw)).toEqual([['/answers', 'maxSize']]);
  });

  it('should check dates and organisationsnummer as Swedish registers do', () => {
    expect(['2024-02-29', '2026-12-31'].map(isIsoDate)).toEqual([true, true]);
    expect(['2026-02-29', '2026-13-01', '26-01-01', '2026-1-1'].map(isIsoDate)).toEqual([false, false, false, false]);
    expect(['212000-0142', '2120000142', '556016-0680'].map(isOrganisationNumber)).toEqual([true, true, true]);
    expect(['212000-0141', '21200-00142', 'abcdef-ghij'].map(isOrganisationNumber)).toEqual([false, false, false]);
  });

  it('should index every question of seed 000 by its key and escape pointers per RFC 6901', () => {
    const questions = questionsOf(SSBTEK_TEMPLATE_V1 as TemplateDocument);
    const total = SSBTEK_TEMPLATE_V1.sections.flatMap((s) => s.subsections.flatMap((ss) => ss.questions)).length;
    expect(questions.size).toBe(total);
    expect(escapePointer('a/b~c')).toBe('a~1b~0c');
  });
});
