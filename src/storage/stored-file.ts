import { StreamableFile } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { Column, CreateDateColumn, PrimaryGeneratedColumn } from 'typeorm';
import { WithHeaders } from '../common/response-headers';
import { contentDisposition } from './file-sniffer';

/**
 * The columns every uploaded piece of evidence has, whatever it belongs to (a deviation, a declaration). Its bytes
 * live in the file store under `storageKey`.
 */
export abstract class StoredFile {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  partyId: string;

  /** Sanitised: no path, no control characters. */
  @Column({ type: 'text' })
  filename: string;

  /** Decided from the content's magic bytes, never from the client's header. */
  @Column({ type: 'text' })
  contentType: string;

  @Column({ type: 'bigint' })
  sizeBytes: string;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'text' })
  storageKey: string;

  @Column({ type: 'text' })
  uploadedBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/**
 * A download: always saved, never shown inline (RFC 6266 with the UTF-8 name), no sniffing by the browser, and a CSP that
 * gives a file opened anyway no script, no origin and nothing to load; plus the digest to check it by.
 */
export function downloadOf(file: StoredFile, stream: Readable): WithHeaders<StreamableFile> {
  return new WithHeaders(new StreamableFile(stream, { type: file.contentType, length: Number(file.sizeBytes) }), {
    'Content-Disposition': contentDisposition(file.filename),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    Digest: `sha-256=${Buffer.from(file.sha256, 'hex').toString('base64')}`,
  });
}
