import { isIsoDate, isOrganisationNumber, parseAnswers } from './declaration-answers';
import type { TemplateQuestion } from './templates/template-types';

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
    q('drift', 'ja_nej'),
    q('miljo', 'enval', {
      options: [
        { key: 'test', text: 'Test' },
        { key: 'produktion', text: 'Produktion' },
      ],
    }),
    q('utan.alternativ', 'enval'),
    q('fritt', 'fritext'),
    q('plan.datum', 'datum'),
    q('org.nummer', 'organisationsnummer'),
    q('underskrifter.kontaktperson.datum', 'datum'),
  ].map((question) => [question.key, question]),
);

const parse = (raw: Record<string, unknown>, reopened: string[] | null = null) => parseAnswers(raw, QUESTIONS, reopened);

describe('declaration answer rules', () => {
  it('should take a ja, a motivated ej_relevant and a nej that describes a new deviation instead of citing one', async () => {
    const { answers, errors } = await parse({
      drift: { svar: 'ej_relevant', kommentar: 'Vi använder inte tjänsten.' },
      fritt: { svar: 'ja' },
    });
    expect(errors).toEqual([]);
    expect(answers.get('drift')).toMatchObject({ svar: 'ej_relevant', kommentar: 'Vi använder inte tjänsten.' });
    const nej = await parse({
      drift: {
        svar: 'nej',
        newDeviation: {
          rubrik: 'Svar saknas',
          påverkan: 2,
          tidpunkt: 1,
          miljö: 'produktion',
          reproduktionssteg: 'Anropa tjänsten',
          utfall: 'Inget svar',
          förväntat: 'Ett svar',
          kravreferens: 'SLA 4.8.1',
          del: 'Frågetjänst',
          kontaktpersoner: [{ namn: 'Anna', telefon: '+46701234567', epost: 'anna@kommun.se' }],
        },
      },
    });
    expect(nej.errors).toEqual([]);
    expect((await parse({ drift: { svar: 'ja' } })).answers.get('drift')?.svar).toBe('ja');
  });

  it('should refuse a nej with an empty list of citations, saying what it needs', async () => {
    const { answers, errors } = await parse({ drift: { svar: 'nej', citations: [] } });
    expect(errors).toEqual([
      {
        pointer: '/answers/drift/citations',
        detail: 'A "nej" must cite at least one known deviation, or describe a new one in newDeviation.',
        code: 'required',
      },
    ]);
    expect(answers.has('drift')).toBe(false);
  });

  it('should name the allowed answers in the refusal, and keep a refused answer out of the result', async () => {
    const { answers, errors } = await parse({ drift: { svar: 'kanske' }, miljo: { svar: 'staging' }, 'utan.alternativ': { svar: 'x' } });
    expect(errors).toEqual([
      { pointer: '/answers/drift/svar', detail: 'Must be one of: ja, nej, ej_relevant.', code: 'isIn' },
      { pointer: '/answers/miljo/svar', detail: 'Must be one of: test, produktion.', code: 'isIn' },
      { pointer: '/answers/utan.alternativ/svar', detail: 'Must be one of: .', code: 'isIn' },
    ]);
    expect(answers.size).toBe(0);
    const motivation = await parse({ drift: { svar: 'ej_relevant' } });
    expect(motivation.errors).toEqual([
      {
        pointer: '/answers/drift/kommentar',
        detail: 'A question that is not relevant must be motivated in the comment.',
        code: 'required',
      },
    ]);
  });

  it('should stop at the malformed fields of an answer without judging its rules', async () => {
    const { answers, errors } = await parse({ drift: { svar: 42 } });
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.pointer === '/answers/drift/svar' && e.code !== 'isIn')).toBe(true);
    expect(answers.has('drift')).toBe(false);
  });

  it('should refuse each kind of misplaced answer with its own reason, and keep none of them', async () => {
    const skr = new Map([...QUESTIONS, ['skr.falt', q('skr.falt', 'fritext', { filledBy: 'skr' })]]);
    const { answers, errors } = await parseAnswers(
      { 'finns.inte': { svar: 'x' }, 'skr.falt': { svar: 'x' }, fritt: 'inte ett objekt', drift: [{ svar: 'ja' }] },
      skr,
      null,
    );
    expect(errors).toEqual([
      {
        pointer: '/answers/finns.inte',
        detail: 'No such question in the template this declaration is pinned to.',
        code: 'unknownQuestion',
      },
      { pointer: '/answers/skr.falt', detail: 'SKR fills in this field when it reviews the declaration.', code: 'filledBySkr' },
      { pointer: '/answers/fritt', detail: 'Must be an answer object, or null to clear the answer.', code: 'type' },
      { pointer: '/answers/drift', detail: 'Must be an answer object, or null to clear the answer.', code: 'type' },
    ]);
    expect(answers.size).toBe(0);
  });

  it('should take a reopened answer after a review with förbehåll, and explain the refusal of the others', async () => {
    const { answers, errors } = await parse({ fritt: { svar: 'Nytt' }, miljo: { svar: 'test' } }, ['fritt']);
    expect(errors).toEqual([
      { pointer: '/answers/miljo', detail: 'Not reopened for komplettering by the last review.', code: 'notReopened' },
    ]);
    expect([...answers.keys()]).toEqual(['fritt']);
  });

  it('should say in the refusal of a date, an organisationsnummer and a signature what it expects instead', async () => {
    const { answers, errors } = await parse({
      'plan.datum': { svar: '2026-02-30' },
      'org.nummer': { svar: '212000-0143' },
      'underskrifter.kontaktperson.datum': { svar: '2026-12-06' },
    });
    expect(errors).toEqual([
      { pointer: '/answers/plan.datum/svar', detail: 'Must be a date YYYY-MM-DD.', code: 'isDate' },
      {
        pointer: '/answers/org.nummer/svar',
        detail: 'Must be a Swedish organisationsnummer (NNNNNN-NNNN) with a valid check digit.',
        code: 'organisationsnummer',
      },
      { pointer: '/answers/underskrifter.kontaktperson.datum', detail: 'The signature is given with PUT /signature.', code: 'signature' },
    ]);
    expect(answers.size).toBe(0);
  });

  it('should take exactly 500 answers in one request and refuse the 501st as a whole', async () => {
    const answers = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, null]));
    const at500 = await parse(answers(500));
    expect(at500.errors).toHaveLength(500);
    expect(at500.errors[0]).toMatchObject({ pointer: '/answers/k0', code: 'unknownQuestion' });
    expect((await parse(answers(501))).errors).toEqual([
      { pointer: '/answers', detail: 'At most 500 answers per request.', code: 'maxSize' },
    ]);
  });
});

describe(isOrganisationNumber.name, () => {
  it('should run the Luhn check over all ten digits, a 9 in a single-weight place included', () => {
    // 1·2 + 9·1 + 0 … + 9·1 = 20: valid only when the 9s are counted as 9.
    expect(isOrganisationNumber('190000-0009')).toBe(true);
    expect(isOrganisationNumber('190000-0008')).toBe(false);
  });

  it('should refuse extra digits before or after the number', () => {
    expect(isOrganisationNumber('212000-01420')).toBe(false);
    expect(isOrganisationNumber('1212000-0142')).toBe(false);
    expect(isOrganisationNumber('212000--0142')).toBe(false);
  });
});

describe(isIsoDate.name, () => {
  it('should refuse anything around the date', () => {
    expect(isIsoDate('2026-12-31')).toBe(true);
    expect(isIsoDate('2026-12-311')).toBe(false);
    expect(isIsoDate('12026-12-31')).toBe(false);
    expect(isIsoDate('2026-12-31T00:00')).toBe(false);
  });

  it('should refuse the shorter and longer forms a date parser takes, which read back as the same text', () => {
    // new Date('2026-12T00:00:00Z') is 1 December and its ISO text starts with '2026-12': only the pattern refuses it.
    expect(isIsoDate('2026-12')).toBe(false);
    expect(isIsoDate('2026')).toBe(false);
    // An expanded year (ECMAScript's ±YYYYYY) parses and reads back the same; the pattern's start anchor refuses it.
    expect(isIsoDate('+010000-01-01')).toBe(false);
  });
});
