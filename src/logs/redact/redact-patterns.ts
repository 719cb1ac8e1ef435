/**
 * User-configured redaction patterns: JavaScript regular expressions as strings, used
 * case-insensitively like every regex in the config (`ZRegex`), bounded in number (as `logs.redact`
 * is) and length, compiled once. A pattern that does not compile, or that matches the empty string
 * (it would mask nothing and everything), is refused with its index and the reason.
 */
import { z } from 'zod';

export const MAX_REDACT_PATTERNS = 100;
export const MAX_REDACT_PATTERN_CHARS = 4096;

export class RedactPatternError extends Error {}

export function compileRedactPatterns(patterns: readonly string[]): RegExp[] {
  if (patterns.length > MAX_REDACT_PATTERNS) throw new RedactPatternError(`at most ${MAX_REDACT_PATTERNS} redaction patterns, got ${patterns.length}`);
  return patterns.map((p, i) => {
    if (p.length === 0 || p.length > MAX_REDACT_PATTERN_CHARS)
      throw new RedactPatternError(`redact pattern ${i}: length must be 1 to ${MAX_REDACT_PATTERN_CHARS}, got ${p.length}`);
    let re: RegExp;
    try {
      re = new RegExp(p, 'gi');
    } catch (err) {
      throw new RedactPatternError(`redact pattern ${i}: ${(err as Error).message}`);
    }
    if (re.test('')) throw new RedactPatternError(`redact pattern ${i}: "${p}" matches the empty string`);
    re.lastIndex = 0;
    return re;
  });
}

/** For the `logs:` config: a list of patterns, checked as `compileRedactPatterns` does. */
export const ZRedactPatterns = z
  .array(z.string().min(1).max(MAX_REDACT_PATTERN_CHARS))
  .max(MAX_REDACT_PATTERNS)
  .superRefine((patterns, ctx) => {
    try {
      compileRedactPatterns(patterns);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
    }
  });
