import { plainToInstance, Transform } from 'class-transformer';
import {
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

export enum NodeEnv {
  Development = 'development',
  Production = 'production',
  Test = 'test',
}

export enum AuthMode {
  /** Tokens minted by the built-in dev issuer (embedded default and tests only). */
  Dev = 'dev',
  /** Tokens from an external OpenID Connect issuer. */
  Oidc = 'oidc',
}

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const url = { require_tld: false, require_protocol: true };

/**
 * Every environment variable the API, the worker and the CLI tools read. `loadConfig` validates it once at boot;
 * a bad value stops the process with a message naming the variable. README.md lists the same table.
 */
export class AppConfig {
  @IsEnum(NodeEnv)
  NODE_ENV: NodeEnv = NodeEnv.Development;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsUrl({ ...url, protocols: ['http', 'https'] })
  PUBLIC_BASE_URL = 'http://localhost:3000';

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// connection URL' })
  DATABASE_URL = 'postgres://postgres:postgres@127.0.0.1:5432/avvikelse';

  /** The role every application connection switches to: it has no BYPASSRLS, so row-level security applies. */
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/)
  DATABASE_APP_ROLE = 'avvikelse_app';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @Matches(/^[a-zA-Z0-9_-]{1,40}$/)
  QUEUE_PREFIX = 'avvikelse';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsEnum(AuthMode)
  AUTH_MODE: AuthMode = AuthMode.Dev;

  /** Issuer URL; with AUTH_MODE=dev it defaults to the API's own /dev-issuer. */
  @IsOptional()
  @IsUrl({ ...url, protocols: ['http', 'https'] })
  OIDC_ISSUER_URL?: string;

  @IsString()
  @MinLength(1)
  OIDC_AUDIENCE = 'avvikelse-api';

  /** JWKS location; defaults to the issuer's discovery document (`jwks_uri`). */
  @IsOptional()
  @IsUrl({ ...url, protocols: ['http', 'https'] })
  OIDC_JWKS_URL?: string;

  @IsString()
  @MinLength(1)
  OIDC_PARTY_CLAIM = 'party_id';

  @IsString()
  @MinLength(1)
  OIDC_ROLES_CLAIM = 'roles';

  /** Where the dev issuer keeps its signing key (generated on first use). */
  @IsString()
  DEV_ISSUER_KEY_FILE = '.data/dev-issuer-key.json';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  THROTTLE_WRITE_LIMIT = 120;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  THROTTLE_WINDOW_MS = 60000;
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const raw: Record<string, string> = {};
  for (const key of [...known, 'OIDC_ISSUER_URL', 'OIDC_JWKS_URL']) {
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
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return config;
}
