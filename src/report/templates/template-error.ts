import { ConfigError } from '../../shared/errors.js';

/** A template that cannot compile or render. Retrying cannot fix it, so the job fails at once. */
export class TemplateError extends ConfigError {
  readonly file: string;
  readonly line: number | null;
  constructor(opts: { file: string; line: number | null; message: string }) {
    super([`template ${opts.file}${opts.line ? `:${opts.line}` : ''}: ${opts.message}`]);
    this.name = 'TemplateError';
    this.file = opts.file;
    this.line = opts.line;
  }
}

/** Handlebars reports "Parse error on line N:" or carries lineNumber; normalise both. */
export function templateErrorFrom(file: string, err: unknown): TemplateError {
  const e = err as { message?: string; lineNumber?: number };
  const message = (e.message ?? String(err)).split('\n')[0] ?? 'unknown error';
  const line = e.lineNumber ?? Number(/line (\d+)/.exec(e.message ?? '')?.[1] ?? NaN);
  return new TemplateError({ file, line: Number.isFinite(line) ? line : null, message });
}
