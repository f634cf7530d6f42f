import { assertPlausibleFilename, evidenceFilename, MAX_FILENAME_CHARS, normaliseFilename } from './evidence-name';
import { AttachmentExtensionError } from './upload.errors';

describe('evidence file names', () => {
  it('should strip paths, traversal, control, bidi and zero-width characters, and compose to NFC', () => {
    expect(normaliseFilename('../../etc/passwd')).toBe('passwd');
    expect(normaliseFilename('C:\\Windows\\evil.exe')).toBe('evil.exe');
    expect(normaliseFilename('ok\r\nSet-Cookie: x.txt')).toBe('okSet-Cookie x.txt');
    expect(normaliseFilename('faktura\u202Egnp.exe')).toBe('fakturagnp.exe');
    expect(normaliseFilename('a\u200B.e\u2066x\u2069e')).toBe('a.exe');
    expect(normaliseFilename('ska\u0308rm.png')).toBe('skärm.png');
    expect(normaliseFilename('...  ')).toBe('');
  });

  it('should refuse extensions no evidence type has, before any byte is read', () => {
    for (const name of ['fix.bat', 'x.html', 'x.svg', 'run.exe', 'faktura\u202Egnp.exe', 'a.PS1', 'b.js']) {
      expect(() => assertPlausibleFilename(name)).toThrow(AttachmentExtensionError);
    }
    for (const name of ['skärm.png', 'app.log', 'rapport v1.2', undefined, 'data.CSV', 'rapport.docx']) {
      expect(() => assertPlausibleFilename(name)).not.toThrow();
    }
  });

  it('should require the extension to agree with the sniffed type, and add one when missing', () => {
    expect(() => evidenceFilename('tool.exe', 'image/png')).toThrow(AttachmentExtensionError);
    expect(() => evidenceFilename('bild.png', 'application/pdf')).toThrow(AttachmentExtensionError);
    expect(evidenceFilename('Bild.JPEG', 'image/jpeg')).toBe('Bild.JPEG');
    expect(evidenceFilename('passwd', 'application/pdf')).toBe('passwd.pdf');
    expect(evidenceFilename('rapport v1.2', 'application/pdf')).toBe('rapport v1.2.pdf');
    expect(evidenceFilename(undefined, 'image/png')).toBe('bilaga.png');
    expect(evidenceFilename('...', 'text/plain')).toBe('bilaga.txt');
    expect(evidenceFilename('export.json', 'application/har+json')).toBe('export.json');
  });

  it('should shorten a long name before its extension', () => {
    const name = evidenceFilename(`${'å'.repeat(500)}.pdf`, 'application/pdf');
    expect(name).toHaveLength(MAX_FILENAME_CHARS);
    expect(name.endsWith('å.pdf')).toBe(true);
  });
});
