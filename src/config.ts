/**
 * All configuration, parsed once at start-up from the environment. Code below the entry points
 * takes the typed {@link Config} and never reads `process.env`. Every problem is reported at once.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { AppError } from './errors';
import type { LogLevel } from './logging/logger';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { message: 'must be a whole number' })
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** An http(s) URL, given back with a trailing slash (the Slack Web API appends method names). */
const apiUrl = z
  .string()
  .refine((v) => /^https?:$/.test(protocolOf(v)), {
    message: 'must be an http:// or https:// URL such as https://slack.com/api/',
  })
  .transform((v) => (v.endsWith('/') ? v : `${v}/`));

/**
 * A comma-separated list of CIDR ranges, IP addresses or host names; every entry that is none of
 * them (an empty one included) is reported with its position.
 */
const addressList = z
  .string()
  .superRefine((value, ctx) => {
    value.split(',').forEach((raw, i) => {
      const problem = addressEntryProblem(raw.trim());
      if (problem) ctx.addIssue({ code: 'custom', message: `entry ${i + 1} ${problem}` });
    });
  })
  .transform((v) => v.split(',').map((s) => s.trim()));

/** A DNS name such as `localhost`: dot-separated labels of letters, digits and inner hyphens. */
const isHostName = (value: string) =>
  value.length <= 253 &&
  value.split('.').every((label) => /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(label));

/** Which parts of the configuration an entry point needs; the others may be absent. */
export type ConfigSection = 'slack' | 'encryption';

const schema = z.object({
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
    .default('info'),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, { message: 'must start with mongodb:// or mongodb+srv://' })
    .optional(),
  MONGODB_DB: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}$/, { message: 'must be 1-63 letters, digits, - or _' })
    .optional(),
  PORT: int(0, 65535).default(3000),
  /**
   * Address `serve` listens on (HTTP receiver, or `/healthz` in Socket Mode), e.g. `127.0.0.1`
   * for this machine only. Default: every interface (`0.0.0.0` and `::`).
   */
  HOST: z
    .string()
    .refine((v) => isIP(v) !== 0 || isHostName(v), {
      message: 'must be an IP address of this machine (127.0.0.1, 0.0.0.0, ::) or a host name',
    })
    .optional(),
  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xoxb-/, { message: 'must be a bot token starting with xoxb-' })
    .optional(),
  SLACK_SIGNING_SECRET: z
    .string()
    .regex(/^[0-9a-f]{32,}$/i, { message: 'must be the hex signing secret' })
    .optional(),
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-/, { message: 'must be an app-level token starting with xapp-' })
    .optional(),
  /** Given back with a trailing slash. */
  SLACK_API_URL: apiUrl.optional(),
  /** 32 bytes, base64 or hex; seals integration secrets. */
  ENCRYPTION_KEY: z
    .string()
    .refine((v) => decodeKey(v) !== null, {
      message: 'must be 32 bytes, as 64 hex or 44 base64 characters',
    })
    .optional(),
  CONFLUENCE_ALLOW_HTTP: bool.default(false),
  /** CIDR ranges or host names that may be contacted although private, e.g. `10.0.0.0/8,wiki.corp`. */
  CONFLUENCE_ALLOWED_PRIVATE: addressList.default([]),
  CONFLUENCE_TIMEOUT_MS: int(1000, 600000).default(30000),
  CONFLUENCE_MAX_CONCURRENT: int(1, 64).default(4),
  CONFLUENCE_REQUESTS_PER_SECOND: int(1, 1000).default(10),
  CHUNK_SIZE: int(200, 20000).default(1500),
  CHUNK_OVERLAP: int(0, 5000).default(150),
  INDEX_CONCURRENCY: int(1, 32).default(2),
});

export interface Config {
  logLevel: LogLevel;
  mongo: { uri?: string; dbName: string };
  port: number;
  /** `HOST`; undefined listens on every interface. */
  host?: string;
  slack?: { botToken: string; signingSecret: string; appToken?: string; apiUrl?: string };
  /**
   * The Web API alone (`SLACK_BOT_TOKEN`, `SLACK_API_URL`), for processes that post to Slack but
   * receive nothing from it (`worker`); set whenever the bot token is, signing secret or not.
   */
  slackApi?: { botToken: string; apiUrl?: string };
  encryptionKey?: Buffer;
  confluence: {
    allowHttp: boolean;
    allowedPrivate: string[];
    timeoutMs: number;
    maxConcurrent: number;
    requestsPerSecond: number;
  };
  chunking: { size: number; overlap: number };
  indexConcurrency: number;
}

function protocolOf(url: string): string {
  try {
    return new URL(url).protocol;
  } catch {
    return '';
  }
}

/** Why an allow-list entry is unusable, or null when it is a CIDR range, an address or a host. */
function addressEntryProblem(entry: string): string | null {
  if (entry === '') return 'is empty (remove the extra comma)';
  if (isCidr(entry) || isIP(entry) !== 0 || isDnsName(entry)) return null;
  return (
    `("${entry.slice(0, 100)}") is not a CIDR range (10.0.0.0/8), an IP address ` +
    '(10.1.2.3, ::1) or a host name (wiki.corp)'
  );
}

function isCidr(entry: string): boolean {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(entry);
  if (!match) return false;
  const version = isIP(match[1]);
  const bits = Number(match[2]);
  return (version === 4 && bits <= 32) || (version === 6 && bits <= 128);
}

/** Letters, digits and inner hyphens in dot-separated labels; the last label is not a number. */
function isDnsName(entry: string): boolean {
  const labels = entry.split('.');
  return (
    entry.length <= 253 &&
    labels.every((label) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(label)) &&
    !/^\d+$/.test(labels[labels.length - 1])
  );
}

function decodeKey(value: string): Buffer | null {
  if (/^[0-9a-f]{64}$/i.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/]{43}=?$/.test(value)) {
    const key = Buffer.from(value, 'base64');
    return key.length === 32 ? key : null;
  }
  return null;
}

const HOW_TO_FIX: Partial<Record<string, string>> = {
  SLACK_BOT_TOKEN: 'copy it from OAuth & Permissions after installing the app',
  SLACK_SIGNING_SECRET: 'copy it from Basic Information > App Credentials',
  SLACK_APP_TOKEN: 'create one with the connections:write scope under Basic Information',
  ENCRYPTION_KEY: 'generate one with: openssl rand -hex 32',
};

/**
 * Parses `env`. Throws one `config_invalid` AppError listing every problem (names only, never
 * values) when something is missing or malformed for the requested sections.
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  required: ConfigSection[] = [],
): Config {
  // Empty strings count as unset, as in most twelve-factor tools.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''),
  );
  const parsed = schema.safeParse(present);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0]);
      problems.push(`${name} ${issue.message}${HOW_TO_FIX[name] ? ` (${HOW_TO_FIX[name]})` : ''}`);
    }
  }
  const need = (name: string) => {
    if (present[name] === undefined) {
      problems.push(`${name} is required${HOW_TO_FIX[name] ? ` (${HOW_TO_FIX[name]})` : ''}`);
    }
  };
  if (required.includes('slack')) {
    need('SLACK_BOT_TOKEN');
    need('SLACK_SIGNING_SECRET');
  }
  if (required.includes('encryption')) need('ENCRYPTION_KEY');
  if (parsed.success && parsed.data.CHUNK_OVERLAP >= parsed.data.CHUNK_SIZE) {
    problems.push('CHUNK_OVERLAP must be smaller than CHUNK_SIZE');
  }
  if (problems.length > 0 || !parsed.success) {
    throw new AppError('config_invalid', `Configuration problems:\n- ${problems.join('\n- ')}`, {
      details: { problems },
      remedies: ['Fix the variables listed and start again. The README lists every variable.'],
    });
  }

  const e = parsed.data;
  return {
    logLevel: e.LOG_LEVEL,
    mongo: { uri: e.MONGODB_URI, dbName: e.MONGODB_DB ?? 'datasource_bot' },
    port: e.PORT,
    host: e.HOST,
    slack:
      e.SLACK_BOT_TOKEN && e.SLACK_SIGNING_SECRET
        ? {
            botToken: e.SLACK_BOT_TOKEN,
            signingSecret: e.SLACK_SIGNING_SECRET,
            appToken: e.SLACK_APP_TOKEN,
            apiUrl: e.SLACK_API_URL,
          }
        : undefined,
    slackApi: e.SLACK_BOT_TOKEN
      ? { botToken: e.SLACK_BOT_TOKEN, apiUrl: e.SLACK_API_URL }
      : undefined,
    encryptionKey: e.ENCRYPTION_KEY ? (decodeKey(e.ENCRYPTION_KEY) ?? undefined) : undefined,
    confluence: {
      allowHttp: e.CONFLUENCE_ALLOW_HTTP,
      allowedPrivate: e.CONFLUENCE_ALLOWED_PRIVATE,
      timeoutMs: e.CONFLUENCE_TIMEOUT_MS,
      maxConcurrent: e.CONFLUENCE_MAX_CONCURRENT,
      requestsPerSecond: e.CONFLUENCE_REQUESTS_PER_SECOND,
    },
    chunking: { size: e.CHUNK_SIZE, overlap: e.CHUNK_OVERLAP },
    indexConcurrency: e.INDEX_CONCURRENCY,
  };
}
