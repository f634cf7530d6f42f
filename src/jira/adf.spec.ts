import { adfToText, textToAdf } from './adf';

describe('ADF converter', () => {
  it('should keep paragraphs and line breaks', () => {
    const doc = textToAdf('Första raden\nandra raden\n\nNytt stycke');
    expect(doc).toEqual({
      type: 'doc',
      version: 1,
      content: [
        {
          type: 'paragraph',
          content: [{ type: 'text', text: 'Första raden' }, { type: 'hardBreak' }, { type: 'text', text: 'andra raden' }],
        },
        { type: 'paragraph', content: [{ type: 'text', text: 'Nytt stycke' }] },
      ],
    });
  });

  it('should turn dash and numbered lines into lists', () => {
    const doc = textToAdf('Steg:\n1. Logga in\n2. Sök person\n- notera svarstid');
    expect(doc.content.map((n) => n.type)).toEqual(['paragraph', 'orderedList', 'bulletList']);
    expect(doc.content[1].content).toHaveLength(2);
  });

  it('should round-trip text through ADF unchanged', () => {
    const texts = ['En rad', 'Rad ett\nRad två\n\nStycke två med åäö', 'Steg:\n\n1. Logga in\n2. Sök\n\n- punkt a\n- punkt b', ''];
    for (const text of texts) expect(adfToText(textToAdf(text))).toBe(text);
  });

  it('should read ADF written by Jira with marks, mentions and nested blocks', () => {
    const doc = {
      type: 'doc',
      version: 1,
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Analys' }] },
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Hej ' },
            { type: 'mention', attrs: { id: 'x', text: '@Anna' } },
            { type: 'text', text: ', fel i ', marks: [{ type: 'strong' }] },
            { type: 'text', text: 'R8' },
          ],
        },
        { type: 'panel', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'inne i panel' }] }] },
      ],
    };
    expect(adfToText(doc)).toBe('Analys\n\nHej @Anna, fel i R8\n\ninne i panel');
    expect(adfToText(null)).toBe('');
    expect(adfToText({ foo: 1 })).toBe('');
  });
});
