/** An error with a stable code that callers and the CLI map to exit codes and messages. */
export class AppError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
  }
}

/** Bad config, template or payload: retrying cannot help, so jobs fail at once (BullMQ UnrecoverableError). */
export class ConfigError extends AppError {
  readonly issues: string[];
  /** The file (or "defaults") the problems are in, when known: the CLI prefixes each line with it. */
  readonly source: string | undefined;
  constructor(issues: string[], opts: { source?: string } = {}) {
    super('CONFIG_INVALID', issues.join('\n'));
    this.name = 'ConfigError';
    this.issues = issues;
    this.source = opts.source;
  }
}

/** Input a user gave on the command line or API that cannot be used; the CLI exits 2. */
export class UsageError extends AppError {
  constructor(message: string) {
    super('USAGE', message);
    this.name = 'UsageError';
  }
}
