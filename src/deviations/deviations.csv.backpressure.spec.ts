import express from 'express';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Deviation } from './deviation.entity';
import { csvHeader, csvRows, writeCsv } from './deviations.csv';

/** A batch far larger than a socket's buffer, so each write answers false and the export must wait for 'drain'. */
const aLargeBatch = (batch: number): Deviation[] =>
  Array.from(
    { length: 100 },
    (_, i) =>
      ({
        key: `AVV-2026-${String(batch * 100 + i).padStart(5, '0')}`,
        status: 'inskickad',
        prioritet: 'låg',
        rubrik: 'Stort underlag',
        del: null,
        miljö: 'test',
        kravreferens: null,
        påverkan: 4,
        tidpunkt: 4,
        reproduktionssteg: 'x'.repeat(2000),
        skäl: null,
        utfall: null,
        förväntat: null,
        kontaktpersoner: [],
        createdAt: new Date('2026-11-23T10:00:00.000Z'),
        submittedAt: null,
        updatedAt: new Date('2026-11-23T11:00:00.000Z'),
      }) as unknown as Deviation,
  );

describe(`${writeCsv.name}: a client slower than the database`, () => {
  let server: Server;
  let url: string;
  let done: Promise<{ before: number[]; after: number[] }>;

  beforeAll(async () => {
    const app = express();
    app.get('/csv', (_request, response) => {
      const count = () => [response.listenerCount('drain'), response.listenerCount('close')];
      async function* batches(): AsyncGenerator<Deviation[]> {
        for (let batch = 0; batch < 4; batch++) yield aLargeBatch(batch);
      }
      const before = count();
      done = writeCsv(response, batches()).then(() => ({ before, after: count() }));
    });
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/csv`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  it('should wait for the client to take each batch, send the whole file and leave no listener behind', async () => {
    const response = await fetch(url);
    const body = Buffer.from(await response.arrayBuffer()).toString('utf8');
    expect(body).toBe(csvHeader() + [0, 1, 2, 3].map((batch) => csvRows(aLargeBatch(batch))).join(''));
    const { before, after } = await done;
    expect(after).toEqual(before);
  });
});
