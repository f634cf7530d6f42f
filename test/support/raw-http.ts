import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request whose body the test sends by hand: in pieces, slowly, or never finished. */
export interface OpenRequest {
  answer: Promise<Answer>;
  write(chunk: string | Buffer): void;
  end(chunk?: string | Buffer): void;
  /** Sends `body` `bytes` at a time every `everyMs`, then ends; stops when the server has answered or closed. */
  trickle(body: Buffer, bytes: number, everyMs: number): void;
}

export function openRequest(port: number, method: string, path: string, headers: OutgoingHttpHeaders): OpenRequest {
  const req = httpRequest({ port, host: '127.0.0.1', method, path, headers });
  let answered = false;
  const answer = new Promise<Answer>((resolve, reject) => {
    req.on('response', (response) => {
      answered = true;
      let body = '';
      response
        .setEncoding('utf8')
        .on('data', (chunk: string) => (body += chunk))
        .on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body }))
        .on('error', reject);
    });
    // The server closing on a sender it cut is expected once the answer is in.
    req.on('error', (error) => (answered ? undefined : reject(error)));
  });
  const open = () => !answered && !req.destroyed && req.writable;
  return {
    answer,
    write: (chunk) => void req.write(chunk),
    end: (chunk) => void req.end(chunk),
    trickle(body, bytes, everyMs) {
      let offset = 0;
      const timer = setInterval(() => {
        if (!open()) return clearInterval(timer);
        const piece = body.subarray(offset, offset + bytes);
        offset += piece.length;
        if (offset < body.length) return void req.write(piece);
        clearInterval(timer);
        req.end(piece);
      }, everyMs);
    },
  };
}
