import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { Role } from '../../src/actor/role';
import { SESSION_COOKIE, sessionStoreKey } from '../../src/pages/session-cookie';
import { aParty, aUser } from '../factories/party.factory';
import { truncateAll } from '../support/database';
import { pageClient, startPortalTest, type PortalTest } from '../support/portal';
import { resetThrottleCounters } from '../support/throttle';

const ANNA = { subject: 'anna-throttle', name: 'Anna Andersson', email: 'anna@goteborg.example' };
const BO = { subject: 'bo-throttle', name: 'Bo Berg', email: 'bo@goteborg.example' };
const LIMITS = { THROTTLE_ANONYMOUS_LIMIT: '4', THROTTLE_READ_LIMIT: '10' };

/**
 * A municipality's office reaches the portal from a handful of egress addresses. Its signed-in people's pages count
 * per session against the read budget, not against the one anonymous budget of their shared IP address; a cookie that
 * names no live session counts as anonymous, so made-up cookies buy no budget.
 */
describe('portal pages under the rate limits (e2e)', () => {
  let portal: PortalTest;
  const { get, session } = pageClient(() => portal);

  beforeAll(async () => {
    portal = await startPortalTest([ANNA, BO], LIMITS);
  });
  afterAll(() => portal.close());
  beforeEach(async () => {
    await truncateAll();
    const party = await aParty({ name: 'Göteborgs Stad' });
    await aUser({ partyId: party.id, subject: ANNA.subject, role: Role.Reporter });
    await aUser({ partyId: party.id, subject: BO.subject, role: Role.Reporter });
  });

  /** Pages answered 200 before the first 429, at most `ceiling` tries. */
  const pagesUntilLimited = async (cookies: Map<string, string>, ceiling = 30, path = '/deviations') => {
    for (let answered = 0; answered < ceiling; answered++) {
      const page = await get(path, cookies);
      if (page.status === 429) return answered;
      expect(page.status).toBe(200);
    }
    return ceiling;
  };

  it('should give each signed-in person their own read budget, beyond the IP address’s anonymous one', async () => {
    const anna = await session(ANNA.subject);
    const bo = await session(BO.subject);
    await resetThrottleCounters();

    expect(await pagesUntilLimited(anna.cookies)).toBe(10);
    // Anna's budget is hers: Bo, on the same address, still reads, and the address's anonymous budget is untouched.
    expect(await pagesUntilLimited(bo.cookies)).toBe(10);
    expect((await get('/login', new Map())).status).toBe(303);
  });

  it('should count the start page (/) against the person’s read budget too, not the address’s anonymous one', async () => {
    const anna = await session(ANNA.subject);
    await resetThrottleCounters();
    expect(await pagesUntilLimited(anna.cookies, 30, '/')).toBe(10);
    expect((await get('/login', new Map())).status).toBe(303);
  });

  it('should count a cookie that names no live session against the IP address’s budget', async () => {
    await resetThrottleCounters();
    const made = () => new Map([[SESSION_COOKIE, randomBytes(32).toString('base64url')]]);
    const answers: number[] = [];
    for (let i = 0; i < 5; i++) answers.push((await get('/deviations', made())).status);
    expect(answers.slice(0, 4).every((status) => status !== 429)).toBe(true);
    expect(answers[4]).toBe(429);
  });

  it('should read a page request’s session from Redis once, for the limiter and the page, and renew its idle timeout', async () => {
    await resetThrottleCounters();
    const anna = await session(ANNA.subject);
    const key = sessionStoreKey(process.env.QUEUE_PREFIX!, anna.cookies.get(SESSION_COOKIE))!.key;
    const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1 });
    await redis.expire(key, 60);
    const monitor = await redis.monitor();
    try {
      const commands: string[] = [];
      const marker = `${key}:seen-all`;
      const seenAll = new Promise<void>((resolve) =>
        monitor.on('monitor', (_time: string, args: string[]) => {
          if (args.includes(marker)) resolve();
          else if (args.includes(key)) commands.push(args[0].toLowerCase());
        }),
      );

      expect((await get('/deviations', anna.cookies)).status).toBe(200);
      // MONITOR streams in the order Redis ran the commands: once the marker arrives, the page's commands have too.
      await redis.exists(marker);
      await seenAll;

      expect(commands).toEqual(['getex']);
      expect(await redis.ttl(key)).toBeGreaterThan(60);
    } finally {
      monitor.disconnect();
      redis.disconnect();
    }
  });
});
