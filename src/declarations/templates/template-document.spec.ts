import { PartyKind } from '../../parties/party.entity';
import { validateTemplateDocument } from './template-document';
import { type ImportableTemplateDocument } from './template-types';

function aTemplate(): ImportableTemplateDocument {
  return {
    name: 'bastjanst',
    kind: 'bastjänst',
    partyKinds: [PartyKind.Uppgiftslämnare],
    version: 1,
    title: 'Självdeklaration bastjänst',
    sections: [
      {
        key: 'miljo',
        title: 'Miljö',
        subsections: [
          {
            key: 'miljo.sakerhet',
            title: 'Säkerhet',
            questions: [
              { key: 'miljo.sakerhet.loggning', text: 'Loggas åtkomst?', answerType: 'ja_nej', filledBy: 'part', required: true },
              { key: 'miljo.sakerhet.kommentar', text: 'Övrig kommentar', answerType: 'fritext', filledBy: 'part', required: false },
            ],
          },
        ],
      },
      {
        key: 'resultat',
        title: 'Resultat',
        subsections: [
          {
            key: 'resultat.bedomning',
            title: 'Bedömning',
            questions: [
              {
                key: 'resultat.bedomning.utfall',
                text: 'Bedömning',
                answerType: 'enval',
                filledBy: 'skr',
                required: true,
                options: [
                  { key: 'godkand', text: 'Godkänd' },
                  { key: 'icke-godkand', text: 'Icke godkänd' },
                ],
              },
            ],
          },
        ],
      },
    ],
  };
}

function errorsOf(doc: unknown): { pointer: string; detail: string }[] {
  const result = validateTemplateDocument(doc);
  if (result.ok) {
    throw new Error('expected the document to be invalid');
  }
  return result.errors;
}

describe(validateTemplateDocument.name, () => {
  it('should accept a well-formed document of any kind', () => {
    const doc = aTemplate();

    expect(validateTemplateDocument(doc)).toEqual({ ok: true, value: doc });
  });

  it('should point at the second use of a key shared by a question and a sub-section', () => {
    const doc = aTemplate();
    doc.sections[1].subsections[0].questions[0].key = 'miljo.sakerhet';

    expect(errorsOf(doc)).toEqual([
      {
        pointer: '/sections/1/subsections/0/questions/0/key',
        detail: 'duplicate key "miljo.sakerhet", first used at /sections/0/subsections/0/key',
      },
    ]);
  });

  it('should point at the missing field itself', () => {
    const doc = aTemplate() as unknown as { sections: { subsections: { questions: Record<string, unknown>[] }[] }[] };
    delete doc.sections[0].subsections[0].questions[1].required;

    expect(errorsOf(doc)).toEqual([
      { pointer: '/sections/0/subsections/0/questions/1/required', detail: "must have required property 'required'" },
    ]);
  });

  it('should reject an unknown answerType at its pointer', () => {
    const doc = aTemplate() as unknown as { sections: { subsections: { questions: Record<string, unknown>[] }[] }[] };
    doc.sections[0].subsections[0].questions[0].answerType = 'kanske';

    expect(errorsOf(doc)).toEqual([
      {
        pointer: '/sections/0/subsections/0/questions/0/answerType',
        detail: expect.stringMatching(/^must be one of: ja_nej, fritext, datum/),
      },
    ]);
  });

  it('should report every schema violation at once', () => {
    const doc = { ...aTemplate(), version: 0, kind: 'Bastjänst', extra: true };

    expect(
      errorsOf(doc)
        .map((error) => error.pointer)
        .sort(),
    ).toEqual(['/extra', '/kind', '/version']);
  });

  it('should reject keys outside the stable key alphabet', () => {
    const doc = aTemplate();
    doc.sections[0].key = 'Miljö';

    expect(errorsOf(doc)).toEqual([{ pointer: '/sections/0/key', detail: expect.stringContaining('must match pattern') }]);
  });

  it('should reject text with surrounding whitespace', () => {
    const doc = aTemplate();
    doc.sections[0].subsections[0].title = 'Säkerhet ';

    expect(errorsOf(doc).map((error) => error.pointer)).toEqual(['/sections/0/subsections/0/title']);
  });

  it('should require options exactly for enval questions', () => {
    const doc = aTemplate();
    const [choice] = doc.sections[1].subsections[0].questions;
    const options = choice.options;
    delete choice.options;
    doc.sections[0].subsections[0].questions[0].options = options;

    expect(errorsOf(doc)).toEqual([
      { pointer: '/sections/0/subsections/0/questions/0/options', detail: 'must not be present when answerType is "ja_nej"' },
      { pointer: '/sections/1/subsections/0/questions/0/options', detail: 'is required when answerType is "enval"' },
    ]);
  });

  it('should point at a duplicate option key', () => {
    const doc = aTemplate();
    doc.sections[1].subsections[0].questions[0].options = [
      { key: 'godkand', text: 'Godkänd' },
      { key: 'godkand', text: 'Godkänd med förbehåll' },
    ];

    expect(errorsOf(doc)).toEqual([
      {
        pointer: '/sections/1/subsections/0/questions/0/options/1/key',
        detail: 'duplicate option key "godkand", first used at /sections/1/subsections/0/questions/0/options/0/key',
      },
    ]);
  });

  it('should require the kinds of party the template is for, at least one, each once, each a known kind', () => {
    const { partyKinds: _omitted, ...without } = aTemplate();
    expect(errorsOf(without)).toEqual([{ pointer: '/partyKinds', detail: "must have required property 'partyKinds'" }]);
    expect(errorsOf({ ...aTemplate(), partyKinds: [] })).toEqual([{ pointer: '/partyKinds', detail: 'must NOT have fewer than 1 items' }]);
    expect(errorsOf({ ...aTemplate(), partyKinds: ['kommun', 'kommun'] })).toEqual([
      { pointer: '/partyKinds', detail: 'must NOT have duplicate items (items ## 0 and 1 are identical)' },
    ]);
    expect(errorsOf({ ...aTemplate(), partyKinds: ['skr'] })).toEqual([
      { pointer: '/partyKinds/0', detail: 'must be one of: uppgiftslämnare, driftleverantör, kommun, systemleverantör' },
    ]);
  });

  it('should point at a duplicate reference id', () => {
    const doc: ImportableTemplateDocument = {
      ...aTemplate(),
      references: [
        { id: 'R1', document: 'Teststrategi', link: 'https://example.org/a' },
        { id: 'R1', document: 'Testmodell', link: 'https://example.org/b' },
      ],
    };

    expect(errorsOf(doc)).toEqual([{ pointer: '/references/1/id', detail: 'duplicate reference "R1", first used at /references/0/id' }]);
  });

  it('should reject a value that is not an object', () => {
    expect(errorsOf(null)).toEqual([{ pointer: '', detail: 'must be object' }]);
  });
});
