import { existsSync, readFileSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError } from '../shared/errors.js';
import { formatIssues } from './format-issues.js';
import { REDIS_ENV_OVERRIDES } from './redis-schema.js';
import { ARCHIVE_ENV_OVERRIDES, S3_CREDENTIAL_ENV } from './archive-schema.js';
import { ZConfig, type Config } from './schema.js';

/** Config plus what is derived from it: resolved paths and this host's id. */
export type AppConfig = Config & {
  hostId: string;
  /** The file it came from, or "defaults". */
  source: string;
  paths: {
    data: string;
    archive: string;
    outbox: string;
    spool: string;
    redis: string;
    run: string;
    logPositions: string;
    security: string;
    templates?: string;
  };
};

export type Env = Record<string, string | undefined>;

/** Environment variables that override one config path each (connections and secrets). */
const ENV_OVERRIDES: Array<[string, string[]]> = [
  ['REDIS_URL', ['redis', 'url']],
  ['CHECKUP_REDIS_PREFIX', ['redis', 'prefix']],
  ['SMTP_URL', ['mail', 'smtpUrl']],
  ['CHECKUP_DATA_DIR', ['dataDir']],
  ['CHECKUP_API_TOKEN', ['web', 'token']],
  ['CHECKUP_HOST_ID', ['host', 'id']],
  ['CHECKUP_LOG_LEVEL', ['log', 'level']],
  ['PUPPETEER_EXECUTABLE_PATH', ['render', 'executablePath']],
  ...REDIS_ENV_OVERRIDES,
  ...ARCHIVE_ENV_OVERRIDES,
];

/** Which file to read: --config, else CHECKUP_CONFIG, else ./checkup.yml if present, else none. */
export function resolveConfigPath(opts: { file?: string; env: Env; cwd: string }): string | null {
  const chosen = opts.file ?? opts.env.CHECKUP_CONFIG;
  if (chosen) return resolve(opts.cwd, chosen);
  const local = resolve(opts.cwd, 'checkup.yml');
  return existsSync(local) ? local : null;
}

/** Reads, overrides from the environment, validates. Throws ConfigError listing every problem. */
export function loadConfig(opts: { file?: string; env?: Env; cwd?: string } = {}): AppConfig {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const file = resolveConfigPath({ file: opts.file, env, cwd });
  const raw = file ? readYaml(file) : {};
  return parseConfig({ raw, env, source: file ?? 'defaults', baseDir: file ? dirname(file) : cwd });
}

export function parseConfig(opts: { raw: unknown; env: Env; source: string; baseDir: string }): AppConfig {
  const input = structuredClone(isObject(opts.raw) ? opts.raw : {}) as Record<string, unknown>;
  if (opts.raw !== null && opts.raw !== undefined && !isObject(opts.raw)) {
    const got = JSON.stringify(opts.raw) ?? String(opts.raw);
    throw new ConfigError([`(root): expected a mapping of settings, got ${got.length > 80 ? `${got.slice(0, 77)}...` : got}`], { source: opts.source });
  }
  // A section whose keys are all commented out parses as null: read it as "all defaults".
  for (const [k, v] of Object.entries(input)) if (v === null) delete input[k];
  const envNames: Record<string, string> = {};
  for (const [name, path] of ENV_OVERRIDES) {
    const value = opts.env[name];
    if (value === undefined || value === '') continue;
    if (name === 'PUPPETEER_EXECUTABLE_PATH' && getPath(input, path) !== undefined) continue;
    setPath(input, path, value);
    envNames[path.join('.')] = name;
  }
  if (isObject(getPath(input, ['archive', 's3'])))
    for (const [name, path] of S3_CREDENTIAL_ENV) {
      const value = opts.env[name];
      if (value === undefined || value === '') continue;
      setPath(input, path, value);
      envNames[path.join('.')] = name;
    }
  const result = ZConfig.safeParse(input, { reportInput: true });
  if (!result.success) throw new ConfigError(formatIssues(result.error.issues, envNames), { source: opts.source });
  const config = result.data;
  const data = resolve(opts.baseDir, config.dataDir);
  return {
    ...config,
    hostId: config.host.id ?? sanitizeHostname(hostname()),
    source: opts.source,
    paths: {
      data,
      archive: config.archive.dir ? resolve(opts.baseDir, config.archive.dir) : resolve(data, 'archive'),
      outbox: resolve(data, 'outbox'),
      spool: resolve(data, 'spool'),
      redis: resolve(data, 'redis'),
      // Pid files of the Chromium each worker runs, so the next one can end an orphan.
      run: resolve(data, 'run'),
      // The ports and files baselines `checkup security` and the agent compare against.
      security: config.security.baselineDir ? resolve(opts.baseDir, config.security.baselineDir) : resolve(data, 'security'),
      // Where each log source's read position is kept between restarts (docs/LOG-SOURCES.md).
      logPositions: resolve(data, 'log-positions'),
      ...(config.templates.dir ? { templates: resolve(opts.baseDir, config.templates.dir) } : {}),
    },
  };
}

/** A config file is a page of settings; anything this large is a mistake or an attack. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** Aliases are handy for a shared block or two; thousands are a "billion laughs" expansion. */
export const MAX_YAML_ALIASES = 100;

function readYaml(file: string): unknown {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_CONFIG_BYTES) throw new ConfigError([`${file}: config file is ${size} bytes, more than the ${MAX_CONFIG_BYTES} allowed`]);
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError([`${file}: cannot read config file (${(err as NodeJS.ErrnoException).code ?? String(err)})`]);
  }
  return parseYamlText(text, file);
}

/** YAML text to plain data; every problem (syntax, alias bombs, odd tags) is a ConfigError naming the file. */
export function parseYamlText(text: string, file: string): unknown {
  let doc;
  try {
    doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  } catch (err) {
    throw new ConfigError([`${file}: not valid YAML (${firstLine(err)})`]);
  }
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) {
    throw new ConfigError(problems.map((e) => `${file}:${e.linePos?.[0]?.line ?? 0}: ${e.message.split('\n')[0]}`));
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (err) {
    // yaml throws a ReferenceError when aliases expand past maxAliasCount.
    const reason = /alias/i.test(String((err as Error)?.message))
      ? `too many YAML alias expansions (more than ${MAX_YAML_ALIASES}): refused as a resource-exhaustion attack`
      : firstLine(err);
    throw new ConfigError([`${file}: ${reason}`]);
  }
}

function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0] ?? 'unknown error';
}

/** Hostnames may hold characters our ids refuse (e.g. from some cloud images); keep them usable. */
export function sanitizeHostname(name: string): string {
  const cleaned = name
    .replace(/[^A-Za-z0-9._-]/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 64);
  return cleaned || 'localhost';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function getPath(obj: Record<string, unknown>, path: string[]): unknown {
  let cur: unknown = obj;
  for (const key of path) cur = isObject(cur) ? cur[key] : undefined;
  return cur;
}

function setPath(obj: Record<string, unknown>, path: string[], value: string): void {
  let cur = obj;
  for (const key of path.slice(0, -1)) {
    if (!isObject(cur[key])) cur[key] = {};
    cur = cur[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1];
  if (last !== undefined) cur[last] = value;
}
