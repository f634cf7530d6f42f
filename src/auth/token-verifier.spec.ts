import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config';
import { loadConfig } from '../config/load-config';
import { UnauthenticatedError } from './auth.errors';
import { TokenVerifier } from './token-verifier';

describe(TokenVerifier.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'token-verifier-'));
  let config: AppConfig;
  let verifier: TokenVerifier;
  const party = '3f1c2a4b-5d6e-4f70-8a9b-0c1d2e3f4a5b';
  const mint = (expiresIn: string | number = '1h') =>
    verifier.devIssuer!.mint(
      { subject: 'anna@kommun', partyId: party, roles: ['reporter'], expiresIn },
      config.OIDC_AUDIENCE,
      config.OIDC_PARTY_CLAIM,
      config.OIDC_ROLES_CLAIM,
    );

  beforeAll(async () => {
    config = loadConfig({ ...process.env, NODE_ENV: 'test', AUTH_MODE: 'dev', DEV_ISSUER_KEY_FILE: join(dir, 'key.json') });
    verifier = new TokenVerifier(config);
    await verifier.onModuleInit();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(() => jest.restoreAllMocks());

  it('should check a signature once and answer the same token from memory afterwards', async () => {
    const token = await mint();
    const uncached = jest.spyOn(verifier as unknown as { verifyUncached: (t: string) => Promise<unknown> }, 'verifyUncached');
    const first = await verifier.verify(token);
    expect(first).toEqual({ issuer: expect.any(String), subject: 'anna@kommun', partyId: party, roles: ['reporter'], email: null });
    expect(await verifier.verify(token)).toEqual(first);
    expect(uncached).toHaveBeenCalledTimes(1);
  });

  it('should never let a remembered token stand in for a tampered one', async () => {
    const token = await mint();
    await verifier.verify(token);
    const [header, payload, signature] = token.split('.');
    const forged = [header, payload, `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`].join('.');
    await expect(verifier.verify(forged)).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('should stop answering from memory when the token expires, and after a minute at most', async () => {
    const shortLived = await mint('2s');
    const longLived = await mint('1h');
    await verifier.verify(shortLived);
    await verifier.verify(longLived);
    const uncached = jest.spyOn(verifier as unknown as { verifyUncached: (t: string) => Promise<unknown> }, 'verifyUncached');
    const start = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(start + 3_000);
    await expect(verifier.verify(shortLived)).resolves.toBeDefined(); // past exp but inside the 60 s clock skew: re-verified
    expect(uncached).toHaveBeenCalledTimes(1);
    jest.spyOn(Date, 'now').mockReturnValue(start + 61_000);
    await verifier.verify(longLived);
    expect(uncached).toHaveBeenCalledTimes(2);
  });
});
