// Atlassian Document Format: REST v3 takes and returns rich text (descriptions, comment bodies) only as ADF documents.
// Jira rejects a plain string or a malformed document, so the simulator does too, with the same check depth a sync is
// likely to trip over: root shape, node types, text nodes carrying text, marks shaped as marks.

export interface AdfNode {
  type: string;
  text?: string;
  content?: AdfNode[];
  attrs?: Record<string, unknown>;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
}

export interface AdfDoc {
  type: 'doc';
  version: 1;
  content: AdfNode[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nodeProblem(node: unknown, path: string): string | undefined {
  if (!isRecord(node)) return `${path} is not a node`;
  if (typeof node.type !== 'string' || node.type === '') return `${path} has no type`;
  if (node.type === 'text' && typeof node.text !== 'string') return `${path} is a text node without text`;
  if (node.marks !== undefined) {
    if (!Array.isArray(node.marks) || node.marks.some((mark) => !isRecord(mark) || typeof mark.type !== 'string')) {
      return `${path}.marks is malformed`;
    }
  }
  if (node.attrs !== undefined && !isRecord(node.attrs)) return `${path}.attrs is not an object`;
  if (node.content !== undefined) {
    if (!Array.isArray(node.content)) return `${path}.content is not an array`;
    for (let i = 0; i < node.content.length; i++) {
      const problem = nodeProblem(node.content[i], `${path}.content[${i}]`);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** Why `value` is not an ADF document, or undefined when it is one. */
export function adfProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'not an object';
  if (value.type !== 'doc') return "type is not 'doc'";
  if (value.version !== 1) return 'version is not 1';
  if (!Array.isArray(value.content)) return 'content is not an array';
  for (let i = 0; i < value.content.length; i++) {
    const problem = nodeProblem(value.content[i], `content[${i}]`);
    if (problem) return problem;
  }
  return undefined;
}

export function isAdfDoc(value: unknown): value is AdfDoc {
  return adfProblem(value) === undefined;
}

/** A one-paragraph document, for admin callers that pass plain text. */
export function adfFromText(text: string): AdfDoc {
  return {
    type: 'doc',
    version: 1,
    content: text.split('\n\n').map((paragraph) => ({
      type: 'paragraph',
      content: paragraph === '' ? [] : [{ type: 'text', text: paragraph }],
    })),
  };
}

const BLOCKS = new Set(['paragraph', 'heading', 'listItem', 'codeBlock', 'blockquote', 'rule', 'tableRow']);

/** The document's text, as Jira puts it in changelog strings and JQL text matching. */
export function adfToText(doc: AdfDoc | null): string {
  if (!doc) return '';
  const out: string[] = [];
  const walk = (node: AdfNode): void => {
    if (node.type === 'text') out.push(node.text ?? '');
    else if (node.type === 'hardBreak') out.push('\n');
    else if (node.type === 'mention') out.push(String(node.attrs?.text ?? ''));
    for (const child of node.content ?? []) walk(child);
    if (BLOCKS.has(node.type)) out.push('\n');
  };
  for (const node of doc.content) walk(node);
  return out.join('').replace(/\n+$/, '');
}
