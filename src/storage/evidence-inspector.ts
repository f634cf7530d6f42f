import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { evidenceFilename } from './evidence-name';
import { type EvidenceType, sniff, SNIFF_BYTES } from './file-sniffer';
import { AttachmentTooLargeError, AttachmentTypeError } from './upload.errors';

/**
 * The stage of an upload's pipeline between the multipart part and the file store: it holds back the first bytes until
 * it knows the type (and that the name agrees with it), counts the size against the limit and hashes what it passes on.
 * Any refusal is a stream error, so the pipeline stops reading and the store's partial file is aborted.
 */
export class EvidenceInspector extends Transform {
  private readonly hash = createHash('sha256');
  private head: Buffer[] = [];
  private headBytes = 0;
  private sniffed: { type: EvidenceType; filename: string } | null = null;
  size = 0;

  constructor(
    private readonly clientFilename: string | undefined,
    private readonly maxBytes: number,
  ) {
    super();
  }

  /** What was learnt, once the stream has ended. */
  result(): { type: EvidenceType; filename: string; size: number; sha256: string } {
    if (!this.sniffed) throw new AttachmentTypeError();
    return { ...this.sniffed, size: this.size, sha256: this.hash.digest('hex') };
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) return callback(new AttachmentTooLargeError(this.maxBytes));
    this.hash.update(chunk);
    if (this.sniffed) return callback(null, chunk);
    this.head.push(chunk);
    this.headBytes += chunk.length;
    if (this.headBytes < SNIFF_BYTES) return callback();
    this.release(callback);
  }

  override _flush(callback: TransformCallback): void {
    if (this.sniffed) return callback();
    this.release(callback);
  }

  private release(callback: TransformCallback): void {
    const head = Buffer.concat(this.head);
    this.head = [];
    const type = sniff(head);
    if (!type) return callback(new AttachmentTypeError());
    try {
      this.sniffed = { type, filename: evidenceFilename(this.clientFilename, type) };
    } catch (error) {
      return callback(error as Error);
    }
    callback(null, head);
  }
}
