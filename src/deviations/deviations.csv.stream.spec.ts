import express from 'express';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Deviation } from './deviation.entity';
import { csvHeader, csvRows, writeCsv } from './deviations.csv';

const aDeviation = (key: string): Deviation =>
  ({
    key,
    status: 'inskickad',
    prioritet: 'hög',
    rubrik: `Svar saknas ${key}`,
    del: null,
    miljö: 'test',
    kravreferens: null,
    påverkan: 2,
    tidpunkt: 1,
    reproduktionssteg: 'x'.repeat(200),
    skäl: null,
    utfall: null,
    förväntat: null,
    kontaktpersoner: [],
    createdAt: new Date('2026-11-23T10:00:00.000Z'),
    submittedAt: null,
    updatedAt: new Date('2026-11-23T11:00:00.000Z'),
  }) as unknown as Deviation;

/** A source of batches that says how many were taken and when it was closed, as the export's database cursor would. */
function source(batches: Iterable<Deviation[]>, failAfter = Infinity) {
  const state = { taken: 0, closed: false };
  let close: () => void;
  const closed = new Promise<void>((resolve) => (close = resolve));
  async function* generate(): AsyncGenerator<Deviation[]> {
    try {
      for (const batch of batches) {
        if (state.taken === failAfter) throw new Error('cursor lost');
        state.taken += 1;
        yield batch;
      }
    } finally {
      state.closed = true;
      close();
    }
  }
  return { state, closed, generate };
}

function* endless(): Iterable<Deviation[]> {
  for (let i = 0; ; i++) yield [aDeviation(`AVV-2026-${String(i).padStart(5, '0')}`)];
}

describe(writeCsv.name, () => {
  let server: Server;
  let url: string;
  let current: ReturnType<typeof source>;

  beforeEach(async () => {
    const app = express();
    app.get('/csv', (_request, response) => void writeCsv(response, current.generate()));
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/csv`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  it('should send the header and every batch as one whole file, then close the source', async () => {
    const batches = [[aDeviation('AVV-2026-00001')], [aDeviation('AVV-2026-00002'), aDeviation('AVV-2026-00003')]];
    current = source(batches);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="avvikelser.csv"');
    // Bytes, not text(): the decoder would swallow the byte order mark Swedish Excel needs.
    expect(Buffer.from(await response.arrayBuffer()).toString('utf8')).toBe(csvHeader() + csvRows(batches[0]) + csvRows(batches[1]));
    await current.closed;
    expect(current.state.taken).toBe(2);
  });

  it('should send only the header when there is nothing to export', async () => {
    current = source([]);
    const response = await fetch(url);
    expect(Buffer.from(await response.arrayBuffer()).toString('utf8')).toBe(csvHeader());
  });

  it('should cut the transfer short when a later batch fails, so the download never looks whole', async () => {
    current = source([[aDeviation('AVV-2026-00001')], [aDeviation('AVV-2026-00002')]], 1);
    // Depending on how far the first write got, the connection drops before or after the status line: never a whole file.
    await expect(fetch(url).then((response) => response.arrayBuffer())).rejects.toThrow();
    await current.closed;
  });

  it('should stop reading and close the source when the client goes away mid-download', async () => {
    current = source(endless());
    const response = await fetch(url);
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();
    await current.closed;
    expect(current.state.closed).toBe(true);
  });
});
