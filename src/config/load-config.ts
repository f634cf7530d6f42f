import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AppConfig, AuthMode, NodeEnv, OPTIONAL_KEYS } from './app-config';
import { trustProxyProblem } from './trust-proxy';

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

/**
 * A true/false switch whose safe value is the default in production and whose other value production refuses (where
 * `applies` says the unsafe value matters); outside production the class default and any setting stand.
 */
function productionSwitch(
  config: AppConfig,
  raw: Record<string, string>,
  problems: string[],
  key: 'SMTP_REQUIRE_TLS' | 'WEBHOOK_ALLOW_PRIVATE_TARGETS',
  safe: boolean,
  refusal: string,
  applies: () => boolean = () => true,
): void {
  if (config.NODE_ENV !== NodeEnv.Production) return;
  if (raw[key] === undefined) config[key] = safe;
  else if (config[key] !== safe && applies()) problems.push(`${key}: ${refusal}`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const raw: Record<string, string> = {};
  for (const key of [...known, ...OPTIONAL_KEYS]) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const problems = validateSync(config, { skipMissingProperties: false }).flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(error.property) ? message : `${error.property}: ${message}`,
    ),
  );
  if (config.AUTH_MODE === AuthMode.Dev && config.NODE_ENV === NodeEnv.Production) {
    problems.push('AUTH_MODE: the dev issuer is refused when NODE_ENV=production; set AUTH_MODE=oidc');
  }
  if (config.AUTH_MODE === AuthMode.Oidc && !config.OIDC_ISSUER_URL) {
    problems.push('OIDC_ISSUER_URL: required when AUTH_MODE=oidc');
  }
  if (config.NODE_ENV === NodeEnv.Production && config.JIRA_WEBHOOK_SECRET === new AppConfig().JIRA_WEBHOOK_SECRET) {
    problems.push('JIRA_WEBHOOK_SECRET: set a secret of your own in production');
  }
  if (config.NODE_ENV === NodeEnv.Production && config.DRIFTINFO_UNSUBSCRIBE_SECRET === new AppConfig().DRIFTINFO_UNSUBSCRIBE_SECRET) {
    // The development key is in the repository: with it anyone could derive the unsubscribe link of any subscription.
    problems.push('DRIFTINFO_UNSUBSCRIBE_SECRET: set a secret of your own in production');
  }
  if (config.NODE_ENV === NodeEnv.Production && config.SMTP_URL === new AppConfig().SMTP_URL) {
    problems.push('SMTP_URL: the default points at a local mail catcher; set your SMTP server in production');
  }
  productionSwitch(
    config,
    raw,
    problems,
    'SMTP_REQUIRE_TLS',
    true,
    'refused as false with an smtp:// URL when NODE_ENV=production; mail goes encrypted there',
    () => config.SMTP_URL.startsWith('smtp:'),
  );
  if (config.NODE_ENV === NodeEnv.Production && !config.METRICS_TOKEN) {
    problems.push('METRICS_TOKEN: required in production, so metrics are never served without a token');
  }
  productionSwitch(
    config,
    raw,
    problems,
    'WEBHOOK_ALLOW_PRIVATE_TARGETS',
    false,
    'refused when NODE_ENV=production; webhooks reach public addresses only there',
  );
  if (config.STORAGE_DRIVER === 's3' && (!config.S3_ACCESS_KEY_ID || !config.S3_SECRET_ACCESS_KEY)) {
    problems.push('S3_ACCESS_KEY_ID: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are required when STORAGE_DRIVER=s3');
  }
  const trustProxy = trustProxyProblem(config.TRUST_PROXY);
  if (trustProxy) problems.push(trustProxy);
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return config;
}
