import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface AppConfig {
  readonly port: number;
  /** Unset: an embedded PostgreSQL under `dataDir`. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  /** IMS_CHAIN_ANCHOR_FILE: where the hash chain's anchor is kept; see chainAnchorFile for the default. */
  readonly chainAnchorFile: string | undefined;
  readonly jwtSecret: string | undefined;
  readonly adminUsername: string;
  readonly adminPassword: string | undefined;
  readonly functionUrl: string | undefined;
  readonly functionApiKey: string | undefined;
  readonly sendgridApiKey: string | undefined;
  readonly alertEmailFrom: string | undefined;
  readonly alertEmailTo: string | undefined;
  /** The low-stock email's first retry delay, doubling with each failed attempt, and the attempts before giving up. */
  readonly alertRetryBaseMs: number;
  readonly alertMaxAttempts: number;
  readonly dockerHost: string | undefined;
  readonly stackName: string;
  readonly frontendDir: string | undefined;
}

type Env = Record<string, string | undefined>;

/** A setting from `NAME`, or from the file `NAME_FILE` names (Docker secrets). */
function setting(env: Env, name: string): string | undefined {
  const direct = env[name];
  if (direct !== undefined && direct !== '') return direct;
  const file = env[`${name}_FILE`];
  return file ? readFileSync(file, 'utf8').trim() : undefined;
}

function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 1) throw new Error(`${name} must be a positive integer, got "${value}"`);
  return parsed;
}

function port(value: string | undefined): number {
  if (value === undefined) return 3000;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
    throw new Error(`PORT must be a port number, got "${value}"`);
  }
  return parsed;
}

export function loadConfig(env: Env = process.env): AppConfig {
  return {
    port: port(env.PORT),
    databaseUrl: setting(env, 'DATABASE_URL'),
    dataDir: resolve(env.IMS_DATA_DIR ?? '.data'),
    chainAnchorFile: env.IMS_CHAIN_ANCHOR_FILE ? resolve(env.IMS_CHAIN_ANCHOR_FILE) : undefined,
    jwtSecret: setting(env, 'JWT_SECRET'),
    adminUsername: setting(env, 'ADMIN_USERNAME') ?? 'manager',
    adminPassword: setting(env, 'ADMIN_PASSWORD'),
    functionUrl: setting(env, 'FUNCTION_URL'),
    functionApiKey: setting(env, 'FUNCTION_API_KEY'),
    sendgridApiKey: setting(env, 'SENDGRID_API_KEY'),
    alertEmailFrom: setting(env, 'ALERT_EMAIL_FROM'),
    alertEmailTo: setting(env, 'ALERT_EMAIL_TO'),
    alertRetryBaseMs: positiveInteger('ALERT_RETRY_BASE_MS', env.ALERT_RETRY_BASE_MS, 2000),
    alertMaxAttempts: positiveInteger('ALERT_MAX_ATTEMPTS', env.ALERT_MAX_ATTEMPTS, 10),
    dockerHost: setting(env, 'DOCKER_HOST'),
    stackName: env.IMS_STACK_NAME ?? 'ims',
    frontendDir: env.IMS_FRONTEND_DIR,
  };
}

/**
 * The hash chain's anchor file: IMS_CHAIN_ANCHOR_FILE, else beside the embedded database in the
 * data directory (backed up with it); with an external database and no setting, none.
 */
export function chainAnchorFile(config: AppConfig, embedded: boolean): string | undefined {
  return config.chainAnchorFile ?? (embedded ? join(config.dataDir, 'chain-anchor.json') : undefined);
}
