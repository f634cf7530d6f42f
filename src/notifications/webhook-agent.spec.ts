import type { Agent } from 'undici';
import { StubHostResolver, webhookReceiver } from '../../test/support/webhook-receiver';
import { WebhookAddressRefusedError, webhookAgent } from './webhook-agent';

describe(webhookAgent.name, () => {
  let receiver: Awaited<ReturnType<typeof webhookReceiver>>;
  let agent: Agent | undefined;
  const resolver = new StubHostResolver({
    '127.0.0.1.nip.io': ['127.0.0.1'],
    'localtest.me': ['127.0.0.1'],
    'mapped.example': ['::ffff:127.0.0.1'],
    // An inward answer beside a public one: happy eyeballs could pick either, so the name is refused as a whole. The
    // inward one comes first so that a broken check reaches the loopback receiver, never the public address.
    'mixed.example': ['127.0.0.1', '193.10.1.1'],
  });

  beforeEach(async () => {
    receiver = await webhookReceiver();
    resolver.asked.length = 0;
  });
  afterEach(async () => {
    await agent?.close();
    agent = undefined;
    await receiver.close();
  });

  const post = (origin: string) => {
    agent = agent ?? webhookAgent({ resolver, allowPrivate: false, connectTimeoutMs: 2000 });
    return agent.request({ origin, path: '/hook', method: 'POST', body: '{}' });
  };

  it.each(['127.0.0.1.nip.io', 'localtest.me', 'mapped.example', 'mixed.example'])(
    'should refuse %s, which resolves inward, before connecting',
    async (name) => {
      await expect(post(`http://${name}:${receiver.port}`)).rejects.toThrow(WebhookAddressRefusedError);
      expect(resolver.asked).toEqual([name]);
      expect(receiver.requests).toEqual([]);
    },
  );

  it.each(['127.0.0.1', '[::1]', '[::ffff:7f00:1]', '[::127.0.0.1]'])(
    'should refuse the literal address %s, which no lookup sees',
    async (host) => {
      await expect(post(`http://${host}:${receiver.port}`)).rejects.toThrow(WebhookAddressRefusedError);
      expect(resolver.asked).toEqual([]);
      expect(receiver.requests).toEqual([]);
    },
  );

  it('should fail a name the resolver does not know without connecting anywhere', async () => {
    await expect(post(`http://unknown.example:${receiver.port}`)).rejects.toThrow(/ENOTFOUND/);
    expect(receiver.requests).toEqual([]);
  });

  it('should connect to the resolved loopback address when private targets are allowed', async () => {
    agent = webhookAgent({ resolver, allowPrivate: true, connectTimeoutMs: 2000 });
    const response = await post(`http://127.0.0.1.nip.io:${receiver.port}`);
    await response.body.dump();
    expect(response.statusCode).toBe(204);
    expect(receiver.requests).toEqual([expect.objectContaining({ url: '/hook', body: '{}' })]);
    expect(receiver.requests[0].headers.host).toBe(`127.0.0.1.nip.io:${receiver.port}`);
  });

  it('should not follow a redirect', async () => {
    const redirecting = await webhookReceiver(() => 307, { location: `${receiver.url}/elsewhere` });
    try {
      agent = webhookAgent({ resolver, allowPrivate: true, connectTimeoutMs: 2000 });
      const response = await post(redirecting.url);
      await response.body.dump();
      expect(response.statusCode).toBe(307);
      expect(redirecting.requests).toHaveLength(1);
      expect(receiver.requests).toEqual([]);
    } finally {
      await redirecting.close();
    }
  });
});
