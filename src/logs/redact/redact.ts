/**
 * Redaction of the few examples Checkup keeps per template. It masks what a log line commonly
 * carries that must not leave the host: secrets in `key=value` / `"key": "value"` pairs, bearer and
 * basic credentials, passwords in URLs and command-line flags, JSON web tokens, well-known API token
 * formats and private key blocks, plus the patterns the user configures. The text is cut to
 * MAX_EXAMPLE_CHARS first, so every rule runs on a bounded string (a secret cut by the limit is gone
 * with the rest); each rule is a single pass without nested quantifiers, and a value runs to its
 * end (a quote left open by the cut included), so no tail of a secret is left behind.
 */

export const REDACTED = '***';

/** Characters of an example kept; the rest of the line is dropped before redaction. */
export const MAX_EXAMPLE_CHARS = 1024;

/**
 * Key words that name a secret. A key is one of them, with any prefix (`PGPASSWORD`, `db_password`)
 * and a suffix only after a separator (`token_v2`), so `signal`, `tokens` or `userauth` are no keys.
 */
const SECRET_KEY =
  '(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|secret[_-]?key|private[_-]?key|client[_-]?secret|credentials?|session[_-]?id|sessid|signature)';

type Rule = { name: string; re: RegExp; replace: (m: string, ...groups: string[]) => string };

const RULES: Rule[] = [
  {
    // `-----BEGIN RSA PRIVATE KEY----- … -----END …` (folded entries carry the whole block)
    name: 'private-key',
    re: /-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]{0,40}PRIVATE KEY-----|$)/g,
    replace: () => `-----BEGIN PRIVATE KEY----- ${REDACTED}`,
  },
  {
    // HTTP headers whose whole value is a credential: `Authorization: Basic …`, `Cookie: a=b; c=d`
    name: 'credential-header',
    re: /\b((?:proxy-)?authorization|cookie|set-cookie|x-api-key|x-auth-token)(["']?\s{0,3}[:=]\s{0,3})[^\n]+/gi,
    replace: (_m, name, sep) => `${name}${sep}${REDACTED}`,
  },
  {
    name: 'bearer',
    re: /\b(Bearer|Basic)\s{1,3}[A-Za-z0-9._~+/=-]{6,}/g,
    replace: (_m, scheme) => `${scheme} ${REDACTED}`,
  },
  {
    // scheme://user:password@host
    name: 'url-password',
    re: /\b([a-z][a-z0-9+.-]{1,20}:\/\/[^\s:@/]+:)[^\s@/]+@/gi,
    replace: (_m, prefix) => `${prefix}${REDACTED}@`,
  },
  {
    // --password=x, --token x, -p is too ambiguous to guess
    name: 'flag',
    re: /(--?(?:password|passwd|pass|token|secret|api-key|apikey)(?:=|\s{1,3}))("[^"]*"?|'[^']*'?|\S+)/gi,
    replace: (_m, flag) => `${flag}${REDACTED}`,
  },
  {
    // password=x, "token": "x", client_secret: 'x', PGPASSWORD=x; the key may carry a prefix or suffix
    name: 'key-value',
    re: new RegExp(`([A-Za-z0-9_.-]{0,40}${SECRET_KEY}(?:[_.-][A-Za-z0-9_.-]{0,30})?)(["']?\\s{0,3}[:=]\\s{0,3})("[^"]*"?|'[^']*'?|[^\\s,;&"'}\\])]+)`, 'gi'),
    replace: (_m, key, sep, value) => {
      const q = value[0] === '"' || value[0] === "'" ? value[0] : '';
      return `${key}${sep}${q}${REDACTED}${q && value.length > 1 && value.endsWith(q) ? q : ''}`;
    },
  },
  {
    name: 'jwt',
    re: /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g,
    replace: () => REDACTED,
  },
  {
    // AWS access key ids, GitHub, GitLab, Slack and Stripe tokens: recognisable wherever they appear
    name: 'token-format',
    re: /\b(?:AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{30,}|glpat-[A-Za-z0-9_-]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}|sk_(?:live|test)_[A-Za-z0-9]{16,})\b/g,
    replace: () => REDACTED,
  },
];

export type Redactor = (text: string) => string;

/**
 * A redactor with the built-in rules and the user's patterns (see `compileRedactPatterns`). A user
 * pattern with a group named `secret` masks that group only; otherwise the whole match.
 */
export function createRedactor(userPatterns: readonly RegExp[] = []): Redactor {
  return (text: string): string => {
    let s = text.length > MAX_EXAMPLE_CHARS ? text.slice(0, MAX_EXAMPLE_CHARS) : text;
    for (const rule of RULES) s = s.replace(rule.re, rule.replace as (m: string, ...g: unknown[]) => string);
    for (const re of userPatterns) {
      s = s.replace(re, (...args: unknown[]) => {
        const match = args[0] as string;
        const groups = args.at(-1);
        const secret = groups && typeof groups === 'object' ? (groups as Record<string, string | undefined>).secret : undefined;
        return secret ? match.replace(secret, REDACTED) : REDACTED;
      });
    }
    return s;
  };
}

/** The built-in rules' names, for the docs and tests. */
export const RULE_NAMES = RULES.map((r) => r.name);
