/** The content types we accept as evidence, decided from the bytes themselves. */
export type EvidenceType =
  | 'image/png'
  | 'image/jpeg'
  | 'image/gif'
  | 'image/webp'
  | 'application/pdf'
  | 'application/zip'
  | 'application/json'
  | 'application/har+json'
  | 'text/plain';

/** How many leading bytes `sniff` wants to see. */
export const SNIFF_BYTES = 4096;

const startsWith = (head: Buffer, bytes: number[], offset = 0) => bytes.every((byte, i) => head[offset + i] === byte);

/**
 * The type of a file from its first bytes (magic numbers), never from the client's Content-Type or file name; null
 * when it is none we accept. Text must be valid UTF-8 without control characters; JSON and HAR are text that opens like them.
 */
export function sniff(head: Buffer): EvidenceType | null {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, [0x47, 0x49, 0x46, 0x38]) && (head[4] === 0x37 || head[4] === 0x39) && head[5] === 0x61) return 'image/gif';
  if (startsWith(head, [0x52, 0x49, 0x46, 0x46]) && startsWith(head, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return 'application/zip';
  // Text has no control characters but tab, line breaks, form feed and ESC (colour codes in logs).
  if (head.length === 0 || head.some((byte) => (byte < 0x20 && ![0x09, 0x0a, 0x0c, 0x0d, 0x1b].includes(byte)) || byte === 0x7f))
    return null;
  if (!isUtf8Prefix(head)) return null;
  const text = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  // Markup a browser would run (HTML, SVG) and scripts are refused as text, whatever the name: served or forwarded to
  // Jira, they are code, not evidence. XML without such elements (a SOAP message) stays plain text.
  if (/^#!/.test(text) || (text.startsWith('<') && /<(?:!doctype\s+html|html|svg|script|iframe|body)[\s/>]/i.test(text))) return null;
  if (/^\{\s*"log"\s*:/.test(text)) return 'application/har+json';
  if (text.startsWith('{') || text.startsWith('[')) return 'application/json';
  return 'text/plain';
}

/** Valid UTF-8, allowing the head to end in the middle of a character. */
function isUtf8Prefix(head: Buffer): boolean {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    decoder.decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** RFC 6266/5987: an ASCII fallback and the UTF-8 name, so Swedish letters survive and nothing breaks the header. */
export function contentDisposition(filename: string): string {
  const ascii = filename
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
