import { Controller, Get, HttpCode, NotFoundException, Post, StreamableFile } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { Readable } from 'node:stream';
import request from 'supertest';
import { replayable } from './idempotency-key';
import { JsonText } from './json-text';
import { ETag, Location, WithHeaders } from './response-headers';
import { ResponseHeadersInterceptor } from './response-headers.interceptor';

interface Thing {
  id: string;
  version: number;
}

@Controller('things')
class ThingsController {
  @Get('plain')
  async plain(): Promise<Thing> {
    return { id: 'a', version: 1 };
  }

  @Get('versioned')
  @ETag()
  async versioned(): Promise<Thing> {
    return { id: 'a', version: 7 };
  }

  @Post()
  @HttpCode(201)
  @ETag()
  @Location((thing: Thing) => `/things/${thing.id}`)
  async create(): Promise<WithHeaders<Thing>> {
    return replayable({ id: 'b', version: 1 }, true);
  }

  @Post('fresh')
  @ETag()
  async fresh(): Promise<WithHeaders<Thing>> {
    return replayable({ id: 'c', version: 2 }, false);
  }

  @Get('missing')
  @ETag()
  async missing(): Promise<Thing> {
    throw new NotFoundException();
  }

  @Get('file')
  async file(): Promise<WithHeaders<StreamableFile>> {
    return new WithHeaders(new StreamableFile(Readable.from([Buffer.from('bytes')]), { type: 'text/plain' }), {
      'Content-Disposition': 'attachment; filename="a.txt"',
    });
  }

  @Get('rendered')
  async rendered(): Promise<JsonText> {
    return JsonText.page({ items: ['{"id":"a","rubrik":"Åtgärd \\"klar\\""}', '{"id":"b"}'], nextCursor: 'c"1' });
  }

  @Get('unversioned')
  // @ts-expect-error ETag fits only a handler whose body has a version
  @ETag()
  async unversioned(): Promise<{ id: string }> {
    return { id: 'x' };
  }
}

describe(ResponseHeadersInterceptor.name, () => {
  let app: NestExpressApplication;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      controllers: [ThingsController],
      providers: [{ provide: APP_INTERCEPTOR, useClass: ResponseHeadersInterceptor }],
    }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
    // Express would otherwise hash every body into an ETag of its own, hiding whether the interceptor set one.
    app.set('etag', false);
    await app.init();
    http = request(app.getHttpServer());
  });

  afterAll(() => app.close());

  it('should set no header a handler does not declare', async () => {
    const response = await http.get('/things/plain');
    expect(response.headers.etag).toBeUndefined();
    expect(response.headers.location).toBeUndefined();
    expect(response.body).toEqual({ id: 'a', version: 1 });
  });

  it('should set the weak ETag of the returned version', async () => {
    const response = await http.get('/things/versioned');
    expect(response.status).toBe(200);
    expect(response.headers.etag).toBe('W/"7"');
    expect(response.body).toEqual({ id: 'a', version: 7 });
  });

  it('should set ETag, Location and the returned headers, keep the status and send only the body', async () => {
    const response = await http.post('/things');
    expect(response.status).toBe(201);
    expect(response.headers.etag).toBe('W/"1"');
    expect(response.headers.location).toBe('/things/b');
    expect(response.headers['idempotent-replayed']).toBe('true');
    expect(response.body).toEqual({ id: 'b', version: 1 });
  });

  it('should not mark a first answer as replayed', async () => {
    const response = await http.post('/things/fresh');
    expect(response.headers.etag).toBe('W/"2"');
    expect(response.headers['idempotent-replayed']).toBeUndefined();
    expect(response.body).toEqual({ id: 'c', version: 2 });
  });

  it('should set nothing when the handler throws', async () => {
    const response = await http.get('/things/missing');
    expect(response.status).toBe(404);
    expect(response.headers.etag).toBeUndefined();
  });

  it('should stream a file with its headers', async () => {
    const response = await http.get('/things/file');
    expect(response.headers['content-disposition']).toBe('attachment; filename="a.txt"');
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.text).toBe('bytes');
  });

  it('should send JSON text as the JSON it is, not as text/html', async () => {
    const response = await http.get('/things/rendered');
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.body).toEqual({ items: [{ id: 'a', rubrik: 'Åtgärd "klar"' }, { id: 'b' }], nextCursor: 'c"1' });
  });
});
