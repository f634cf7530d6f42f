import { contentDisposition, sniff } from './file-sniffer';

describe('sniff', () => {
  it('should know each allowed type by its magic bytes', () => {
    expect(sniff(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniff(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniff(Buffer.from('GIF89a....'))).toBe('image/gif');
    expect(sniff(Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]))).toBe('image/webp');
    expect(sniff(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniff(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14]))).toBe('application/zip');
    expect(sniff(Buffer.from('2026-11-23 10:00:01 ERROR timeout mot CSN\n'))).toBe('text/plain');
    expect(sniff(Buffer.from('  {"fel": "åäö"}'))).toBe('application/json');
    expect(sniff(Buffer.from('{ "log": { "version": "1.2" } }'))).toBe('application/har+json');
  });

  it('should refuse executables, binaries with NUL and invalid UTF-8 whatever they are called', () => {
    expect(sniff(Buffer.from([0x4d, 0x5a, 0x90, 0x00]))).toBeNull();
    expect(sniff(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02]))).toBeNull();
    expect(sniff(Buffer.from([0xc3, 0x28]))).toBeNull();
    expect(sniff(Buffer.alloc(0))).toBeNull();
  });

  it('should refuse HTML, SVG and scripts as text, but keep XML and logs that mention markup', () => {
    expect(sniff(Buffer.from('<!DOCTYPE html><html><body>x</body></html>'))).toBeNull();
    expect(sniff(Buffer.from('  <html>\n<script>alert(1)</script>'))).toBeNull();
    expect(sniff(Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniff(Buffer.from('#!/bin/sh\nrm -rf /\n'))).toBeNull();
    expect(sniff(Buffer.from('<?xml version="1.0"?><soap:Envelope></soap:Envelope>'))).toBe('text/plain');
    expect(sniff(Buffer.from('10:00 svar: <html><body>502</body></html>\n'))).toBe('text/plain');
  });

  it('should accept a head that ends inside a multi-byte character', () => {
    expect(sniff(Buffer.from('åäö').subarray(0, 5))).toBe('text/plain');
  });
});

describe('contentDisposition', () => {
  it('should give an ASCII fallback and the UTF-8 name', () => {
    expect(contentDisposition('skärmbild "1".png')).toBe(
      `attachment; filename="skarmbild _1_.png"; filename*=UTF-8''sk%C3%A4rmbild%20%221%22.png`,
    );
  });
});
