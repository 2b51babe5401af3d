import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import type { LiveOptions } from './live-options';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Every environment variable the server reads, read and checked here once (docs/CONFIGURATION.md
 * documents each); the rest of the code receives this object, never `process.env`.
 */
export interface AppConfig {
  readonly port: number;
  readonly logLevel: LogLevel;
  /** Unset: an embedded PostgreSQL under `dataDir`. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  /** IMS_CHAIN_ANCHOR_PATH: where the hash chain's anchor is kept; see chainAnchorFile for the default. */
  readonly chainAnchorFile: string | undefined;
  readonly jwtSecret: string | undefined;
  /** How long an access token lives; the web app refreshes it silently with its session cookie. */
  readonly accessTokenSeconds: number;
  /** A session (refresh-token family) ends after this long unused, and after `sessionMaxSeconds` whatever its use. */
  readonly sessionIdleSeconds: number;
  readonly sessionMaxSeconds: number;
  readonly adminUsername: string;
  readonly adminPassword: string | undefined;
  readonly functionUrl: string | undefined;
  readonly functionApiKey: string | undefined;
  /** The account-notice function's URL beside a deployed FUNCTION_URL; unset there, owners get no notice. */
  readonly accountNoticeUrl: string | undefined;
  /** How long a manager's emailed password-reset link works. */
  readonly resetLinkSeconds: number;
  /** PUBLIC_URL: the app's address in emailed links; unset, the origin the manager's request came to. */
  readonly publicUrl: string | undefined;
  readonly sendgridApiKey: string | undefined;
  readonly alertEmailFrom: string | undefined;
  readonly alertEmailTo: string | undefined;
  /** The low-stock email's first retry delay, doubling with each failed attempt, and the attempts before giving up. */
  readonly alertRetryBaseMs: number;
  readonly alertMaxAttempts: number;
  readonly webhooks: WebhookSettings;
  readonly dockerHost: string | undefined;
  readonly stackName: string;
  /** How often the health dashboard's host and container figures are sampled; an hour of them is kept. */
  readonly healthSampleSeconds: number;
  readonly frontendDir: string | undefined;
  /**
   * Whom to believe in X-Forwarded-For: unset, nobody (the socket's address is the client's);
   * `true`, anyone; a number, that many proxies in front (a hop count, which app.factory hands
   * Fastify as a function: Fastify 5.12 reads a bare number as nobody); else
   * a comma-separated list of proxy addresses or CIDRs. The sign-in and registration limits count
   * per client address, so behind a proxy this decides whether they count clients or the proxy.
   */
  readonly trustProxy: boolean | number | string;
  /** The other origins whose pages may call the API (CORS); none unless configured. */
  readonly corsOrigins: readonly string[];
  readonly live: LiveOptions;
  readonly imports: ImportSettings;
}

/** What an uploaded spreadsheet may weigh; past any of them the upload is refused with 413 and nothing is kept. */
export interface ImportLimits {
  /** The file as uploaded. */
  readonly maxBytes: number;
  /** An XLSX's parts once unzipped (a zip bomb unpacks to gigabytes). */
  readonly maxUnpackedBytes: number;
  /** Data rows, header not counted. */
  readonly maxRows: number;
}

export interface ImportSettings extends ImportLimits {
  /** How long a preview not applied is kept; applying it later is refused (410) and its plan dropped. */
  readonly previewHours: number;
}

/** A network given as `address/prefix`. */
export interface Cidr {
  readonly address: string;
  readonly prefix: number;
  readonly family: 'ipv4' | 'ipv6';
}

export interface WebhookSettings {
  /** WEBHOOK_ALLOW_PRIVATE: private, loopback or link-local networks webhooks may still be sent to; none by default. */
  readonly allowPrivate: readonly Cidr[];
  /** The pause after a delivery's first failed attempt, doubling after each further one up to `retryMaxMs`. */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** How long after it was queued a delivery is given up (and its subscription disabled). */
  readonly giveUpMs: number;
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

function cidrs(name: string, value: string | undefined): Cidr[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [address = '', prefix = ''] = entry.split('/');
      const version = isIP(address);
      const bits = Number(prefix);
      if (version === 0 || !/^\d{1,3}$/.test(prefix) || bits > (version === 4 ? 32 : 128)) {
        throw new Error(`${name} must be comma-separated networks like 127.0.0.1/32 or fd00::/8, got "${entry}"`);
      }
      return { address, prefix: bits, family: version === 4 ? 'ipv4' : 'ipv6' };
    });
}

function trustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

function corsOrigins(value: string | undefined): string[] {
  const origins = (value ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (!URL.canParse(origin) || new URL(origin).origin !== origin) {
      throw new Error(`CORS_ORIGIN must be comma-separated origins like https://app.example.com, got "${origin}"`);
    }
  }
  return origins;
}

function publicUrl(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
    throw new Error(`PUBLIC_URL must be the app's web address like https://ims.example.com, got "${value}"`);
  }
  return value.replace(/\/+$/, '');
}

function logLevel(value: string | undefined): LogLevel {
  if (value === undefined || value === '') return 'info';
  const level = LOG_LEVELS.find((candidate) => candidate === value);
  if (!level) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${value}"`);
  return level;
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
    logLevel: logLevel(env.LOG_LEVEL),
    databaseUrl: setting(env, 'DATABASE_URL'),
    dataDir: resolve(env.IMS_DATA_DIR ?? '.data'),
    chainAnchorFile: env.IMS_CHAIN_ANCHOR_PATH ? resolve(env.IMS_CHAIN_ANCHOR_PATH) : undefined,
    jwtSecret: setting(env, 'JWT_SECRET'),
    accessTokenSeconds: positiveInteger('ACCESS_TOKEN_SECONDS', env.ACCESS_TOKEN_SECONDS, 15 * 60),
    sessionIdleSeconds: positiveInteger('SESSION_IDLE_SECONDS', env.SESSION_IDLE_SECONDS, 12 * 60 * 60),
    sessionMaxSeconds: positiveInteger('SESSION_MAX_SECONDS', env.SESSION_MAX_SECONDS, 7 * 24 * 60 * 60),
    adminUsername: setting(env, 'ADMIN_USERNAME') ?? 'manager',
    adminPassword: setting(env, 'ADMIN_PASSWORD'),
    functionUrl: setting(env, 'FUNCTION_URL'),
    functionApiKey: setting(env, 'FUNCTION_API_KEY'),
    accountNoticeUrl: setting(env, 'ACCOUNT_NOTICE_URL'),
    resetLinkSeconds: positiveInteger('PASSWORD_RESET_LINK_SECONDS', env.PASSWORD_RESET_LINK_SECONDS, 30 * 60),
    publicUrl: publicUrl(env.PUBLIC_URL),
    sendgridApiKey: setting(env, 'SENDGRID_API_KEY'),
    alertEmailFrom: setting(env, 'ALERT_EMAIL_FROM'),
    alertEmailTo: setting(env, 'ALERT_EMAIL_TO'),
    alertRetryBaseMs: positiveInteger('ALERT_RETRY_BASE_MS', env.ALERT_RETRY_BASE_MS, 2000),
    alertMaxAttempts: positiveInteger('ALERT_MAX_ATTEMPTS', env.ALERT_MAX_ATTEMPTS, 10),
    webhooks: {
      allowPrivate: cidrs('WEBHOOK_ALLOW_PRIVATE', env.WEBHOOK_ALLOW_PRIVATE),
      retryBaseMs: positiveInteger('WEBHOOK_RETRY_BASE_MS', env.WEBHOOK_RETRY_BASE_MS, 10_000),
      retryMaxMs: positiveInteger('WEBHOOK_RETRY_MAX_MS', env.WEBHOOK_RETRY_MAX_MS, 60 * 60_000),
      giveUpMs: positiveInteger('WEBHOOK_GIVE_UP_MS', env.WEBHOOK_GIVE_UP_MS, 24 * 60 * 60_000),
    },
    dockerHost: setting(env, 'DOCKER_HOST'),
    stackName: env.IMS_STACK_NAME ?? 'ims',
    healthSampleSeconds: positiveInteger('IMS_HEALTH_SAMPLE_SECONDS', env.IMS_HEALTH_SAMPLE_SECONDS, 10),
    frontendDir: env.IMS_FRONTEND_DIR,
    trustProxy: trustProxy(env.TRUST_PROXY),
    corsOrigins: corsOrigins(env.CORS_ORIGIN),
    live: {
      heartbeatMs: positiveInteger('IMS_LIVE_HEARTBEAT_MS', env.IMS_LIVE_HEARTBEAT_MS, 30_000),
      recentMessages: positiveInteger('IMS_LIVE_RECENT_MESSAGES', env.IMS_LIVE_RECENT_MESSAGES, 5_000),
      resumeLimit: positiveInteger('IMS_LIVE_RESUME_LIMIT', env.IMS_LIVE_RESUME_LIMIT, 10_000),
      maxBufferedBytes: positiveInteger('IMS_LIVE_MAX_BUFFERED_BYTES', env.IMS_LIVE_MAX_BUFFERED_BYTES, 1024 * 1024),
      readBatch: positiveInteger('IMS_LIVE_READ_BATCH', env.IMS_LIVE_READ_BATCH, 500),
      pollMs: positiveInteger('IMS_LIVE_POLL_MS', env.IMS_LIVE_POLL_MS, 2_000),
    },
    imports: {
      maxBytes: positiveInteger('IMS_IMPORT_MAX_BYTES', env.IMS_IMPORT_MAX_BYTES, 10 * 1024 * 1024),
      maxUnpackedBytes: positiveInteger('IMS_IMPORT_MAX_UNPACKED_BYTES', env.IMS_IMPORT_MAX_UNPACKED_BYTES, 100 * 1024 * 1024),
      maxRows: positiveInteger('IMS_IMPORT_MAX_ROWS', env.IMS_IMPORT_MAX_ROWS, 50_000),
      previewHours: positiveInteger('IMS_IMPORT_PREVIEW_HOURS', env.IMS_IMPORT_PREVIEW_HOURS, 24),
    },
  };
}

/**
 * The hash chain's anchor file: IMS_CHAIN_ANCHOR_PATH, else beside the embedded database in the
 * data directory (backed up with it); with an external database and no setting, none.
 */
export function chainAnchorFile(config: AppConfig, embedded: boolean): string | undefined {
  return config.chainAnchorFile ?? (embedded ? join(config.dataDir, 'chain-anchor.json') : undefined);
}
