// `npm run token -- --party <uuid> --role reporter [--subject anna] [--expires 8h]`: mints a dev-issuer token.
// Without --party it mints an SKR token (role skr or skr-admin).
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { decodeJwt } from 'jose';
import { DevIssuer } from '../src/auth/dev-issuer';
import { loadConfig } from '../src/config/load-config';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      party: { type: 'string' },
      role: { type: 'string', default: 'reporter' },
      subject: { type: 'string' },
      expires: { type: 'string', default: '8h' },
    },
  });
  const config = loadConfig(process.env);
  if (config.AUTH_MODE !== 'dev') throw new Error('tokens can only be minted with AUTH_MODE=dev');
  const issuer = await DevIssuer.load(config.DEV_ISSUER_KEY_FILE, config.OIDC_ISSUER_URL ?? `${config.PUBLIC_BASE_URL}/dev-issuer`);
  const role = values.party ? values.role! : values.role === 'reporter' ? 'skr' : values.role!;
  const token = await issuer.mint(
    { subject: values.subject ?? `cli-${role}`, partyId: values.party ?? null, roles: [role], expiresIn: values.expires },
    config.OIDC_AUDIENCE,
    config.OIDC_PARTY_CLAIM,
    config.OIDC_ROLES_CLAIM,
  );
  const { iat, exp } = decodeJwt(token);
  if (exp! - iat! > config.TOKEN_MAX_LIFETIME_S) {
    throw new Error(
      `--expires ${values.expires} is longer than TOKEN_MAX_LIFETIME_S (${config.TOKEN_MAX_LIFETIME_S} s): the API would refuse it`,
    );
  }
  console.log(token);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
