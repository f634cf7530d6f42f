/**
 * Atlassian Document Format, the body format of Jira Cloud REST v3 descriptions and comments. Our text is plain
 * text with line breaks and simple lists; this one converter turns it into ADF and back, so what a reporter wrote
 * reads the same in Jira and what SKR wrote in Jira reads the same to the party.
 */
export interface AdfNode {
  type: string;
  text?: string;
  content?: AdfNode[];
  attrs?: Record<string, unknown>;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
}

export interface AdfDocument {
  type: 'doc';
  version: 1;
  content: AdfNode[];
}

const BULLET = /^\s*[-*•]\s+(.*)$/;
const ORDERED = /^\s*\d+[.)]\s+(.*)$/;

/** Blank lines separate paragraphs; single line breaks become hardBreaks; "- x" and "1. x" runs become lists. */
export function textToAdf(text: string): AdfDocument {
  const content: AdfNode[] = [];
  const blocks = text.replace(/\r\n?/g, '\n').split(/\n{2,}/);
  for (const block of blocks) {
    const lines = block.split('\n');
    let paragraph: string[] = [];
    let list: { type: 'bulletList' | 'orderedList'; items: string[] } | null = null;
    const flushParagraph = () => {
      if (paragraph.some((line) => line.trim() !== '')) content.push(paragraphOf(paragraph));
      paragraph = [];
    };
    const flushList = () => {
      if (list)
        content.push({ type: list.type, content: list.items.map((item) => ({ type: 'listItem', content: [paragraphOf([item])] })) });
      list = null;
    };
    for (const line of lines) {
      const bullet = BULLET.exec(line);
      const ordered = bullet ? null : ORDERED.exec(line);
      const type = bullet ? 'bulletList' : ordered ? 'orderedList' : null;
      if (type) {
        flushParagraph();
        if (list && list.type !== type) flushList();
        list ??= { type, items: [] };
        list.items.push((bullet ?? ordered)![1]);
      } else {
        flushList();
        paragraph.push(line);
      }
    }
    flushParagraph();
    flushList();
  }
  return { type: 'doc', version: 1, content };
}

function paragraphOf(lines: string[]): AdfNode {
  const content: AdfNode[] = [];
  lines.forEach((line, index) => {
    if (index > 0) content.push({ type: 'hardBreak' });
    if (line !== '') content.push({ type: 'text', text: line });
  });
  return { type: 'paragraph', content };
}

/** Plain text of an ADF document: paragraphs separated by a blank line, lists as "- " / "1. " lines. */
export function adfToText(doc: unknown): string {
  if (!isNode(doc)) return '';
  return blocksToText(doc.content ?? []).trim();
}

function blocksToText(nodes: AdfNode[]): string {
  return nodes
    .map((node) => {
      switch (node.type) {
        case 'bulletList':
          return (node.content ?? []).map((item) => `- ${blocksToText(item.content ?? [])}`).join('\n');
        case 'orderedList': {
          const start = Number(node.attrs?.order ?? 1);
          return (node.content ?? []).map((item, i) => `${start + i}. ${blocksToText(item.content ?? [])}`).join('\n');
        }
        case 'codeBlock':
        case 'blockquote':
        case 'heading':
        case 'paragraph':
        case 'panel':
          return inlineToText(node.content ?? []);
        default:
          return node.content ? blocksToText(node.content) : inlineToText([node]);
      }
    })
    .filter((block) => block !== '')
    .join('\n\n');
}

function inlineToText(nodes: AdfNode[]): string {
  return nodes
    .map((node) => {
      if (node.type === 'text') return node.text ?? '';
      if (node.type === 'hardBreak') return '\n';
      if (node.type === 'mention') return String(node.attrs?.text ?? '@');
      if (node.type === 'emoji') return String(node.attrs?.text ?? node.attrs?.shortName ?? '');
      if (node.type === 'inlineCard') return String(node.attrs?.url ?? '');
      return node.content ? inlineToText(node.content) : '';
    })
    .join('');
}

function isNode(value: unknown): value is AdfNode {
  return typeof value === 'object' && value !== null && typeof (value as AdfNode).type === 'string';
}
