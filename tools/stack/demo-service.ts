// Runs one helper of the embedded default on its own, as docker-compose's demo profile does (a container each):
//   node dist/tools/stack/demo-service.js mail-catcher        SMTP on 1025, web inbox on 1080
//   node dist/tools/stack/demo-service.js identity-provider   the portal's demo OpenID Connect provider on 3100
// Environment: DEMO_LISTEN_HOST (default 127.0.0.1; 0.0.0.0 in a container), DEMO_IDP_ISSUER (the issuer URL that
// both the browser and the API reach), PUBLIC_BASE_URL, PORTAL_OIDC_CLIENT_ID, NODE_ENV. Stops on SIGTERM/SIGINT.
import { DEMO_PEOPLE } from '../seed';
import { startDemoIdentityProvider } from './demo-identity-provider';
import { startMailCatcher } from './mail-catcher';

const SMTP_PORT = 1025;
const INBOX_PORT = 1080;
const IDENTITY_PROVIDER_PORT = 3100;

async function start(service: string | undefined, env: NodeJS.ProcessEnv): Promise<{ stop(): Promise<void> }> {
  const host = env.DEMO_LISTEN_HOST || '127.0.0.1';
  if (service === 'mail-catcher') {
    const catcher = await startMailCatcher(SMTP_PORT, INBOX_PORT, host);
    console.log(`mail catcher: ${catcher.smtpUrl}, inbox ${catcher.webUrl}`);
    return catcher;
  }
  if (service === 'identity-provider') {
    const provider = await startDemoIdentityProvider({
      portalBaseUrl: env.PUBLIC_BASE_URL || 'http://localhost:3000',
      clientId: env.PORTAL_OIDC_CLIENT_ID || 'avvikelse-portal',
      people: DEMO_PEOPLE,
      nodeEnv: env.NODE_ENV,
      port: IDENTITY_PROVIDER_PORT,
      host,
      issuer: env.DEMO_IDP_ISSUER || undefined,
    });
    console.log(`demo identity provider: ${provider.issuer}`);
    return provider;
  }
  throw new Error(`usage: demo-service.js mail-catcher|identity-provider (got ${service ?? 'nothing'})`);
}

start(process.argv[2], process.env).then(
  (running) => {
    const stop = () => void running.stop().then(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
