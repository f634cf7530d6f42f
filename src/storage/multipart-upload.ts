import { Busboy, type BusboyHeaders } from '@fastify/busboy';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { InvalidUploadError } from './upload.errors';

/** The part named `file` of a multipart body, as it streams in. */
export interface UploadPart {
  stream: Readable;
  filename: string | undefined;
}

/** A multipart body being parsed: its file part, the end of the whole body, and a way to stop reading it. */
export interface MultipartUpload {
  /** The first part named `file`; refused when the body ends or breaks without one. */
  file: Promise<UploadPart>;
  /** The whole body parsed up to its closing boundary; refused when it is malformed, truncated or aborted. */
  done: Promise<void>;
  /** Stops parsing and discards the rest of the body, so the refusal can still be answered on this connection. */
  stop(): void;
}

/**
 * Starts parsing `request` as multipart/form-data with @fastify/busboy. Every stream it hands out has an error listener
 * from the start: a body that ends before its closing boundary makes busboy emit `error` on the parser and on the open
 * part, and an unheard `error` event ends the process.
 */
export function parseMultipart(request: IncomingMessage): MultipartUpload {
  let parser: ReturnType<typeof Busboy>;
  try {
    parser = Busboy({
      headers: request.headers as BusboyHeaders,
      limits: { files: 1, fields: 10, parts: 12, fieldSize: 1024, headerPairs: 20 },
    });
  } catch {
    throw new InvalidUploadError('Send the file as multipart/form-data in a part named "file".');
  }
  const done = new Promise<void>((resolve, reject) => {
    parser.on('finish', () => resolve());
    parser.on('error', () => reject(new InvalidUploadError('The multipart body is malformed or ends before its closing boundary.')));
    parser.on('partsLimit', () => reject(new InvalidUploadError('Too many parts.')));
    request.on('aborted', () => reject(new InvalidUploadError('The upload was aborted.')));
    request.on('error', () => reject(new InvalidUploadError('The upload was aborted.')));
  });
  const file = new Promise<UploadPart>((resolve, reject) => {
    parser.on('file', (field, stream, filename) => {
      stream.on('error', () => undefined); // reported through `done` and the pipeline that reads it
      if (field !== 'file') {
        stream.resume();
        return;
      }
      resolve({ stream, filename });
    });
    parser.on('finish', () => reject(new InvalidUploadError('No part named "file" was sent.')));
    done.catch(reject);
  });
  // Whoever stops early no longer listens to these; a later failure must not become an unhandled rejection.
  done.catch(() => undefined);
  file.catch(() => undefined);
  request.pipe(parser);
  return {
    file,
    done,
    stop: () => {
      request.unpipe(parser);
      request.resume();
      parser.destroy();
    },
  };
}
