import { z } from 'zod';
import { LIMITS, zDuration } from '../config/primitives.js';
import { formatDuration } from '../shared/duration.js';
import { matcherMatches, matcherProblem, parseMatcher, type Matcher } from './silence-matchers.js';
import type { NewSilence } from './silences.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** A silence lasts at least a minute and at most 90 days: longer is a config change (a rule or a maintenance window). */
export const SILENCE_MIN_MS = MINUTE;
export const SILENCE_MAX_MS = 90 * DAY;

const noControl = (s: string) => !/\p{Cc}/u.test(s);
const ZText = (max: number) => z.string().trim().min(1, 'must not be empty').max(max).refine(noControl, 'must not contain control characters');
const ZTime = z.union([z.number().int(), z.string()]).transform((v, ctx) => {
  const ms = typeof v === 'number' ? v : /^\d{4}-\d{2}-\d{2}T/.test(v) ? Date.parse(v) : NaN;
  if (!Number.isFinite(ms)) {
    ctx.addIssue({ code: 'custom', message: `invalid time "${String(v)}" (ISO 8601 with a zone, e.g. 2025-06-01T02:00:00Z, or epoch ms)` });
    return z.NEVER;
  }
  return ms;
});
const ZMatcherObject = z.strictObject({ name: z.string(), op: z.enum(['=', '!=', '=~', '!~']).default('='), value: z.string() });

/**
 * What the CLI, the API and the console accept to create a silence; all three validate with this,
 * so the rules and messages are the same everywhere. Matchers are `name=value` strings or
 * `{ name, op, value }`; the period is `duration` or `endsAt`, from `startsAt` (default now).
 * `author` fills `createdBy` when the request does not name one (the CLI's $USER, the console's
 * Basic auth user name).
 */
export function silenceInputSchema(o: { now: number; author?: string }) {
  return z
    .strictObject({
      matchers: z
        .array(z.union([z.string(), ZMatcherObject]))
        .min(1, 'give at least one matcher, e.g. host=web-1')
        .max(20),
      startsAt: ZTime.optional(),
      endsAt: ZTime.optional(),
      // Parsed wide here; the silence's own bounds (1m to 90d) are checked below with their own message.
      duration: zDuration({ min: 0, max: LIMITS.decade }).optional(),
      comment: ZText(500),
      createdBy: ZText(100).optional(),
    })
    .transform((input, ctx): NewSilence => {
      const matchers: Matcher[] = [];
      input.matchers.forEach((m, i) => {
        const parsed = typeof m === 'string' ? parseMatcher(m) : (matcherProblem(m) ?? m);
        if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', path: ['matchers', i], message: parsed });
        else matchers.push(parsed);
      });
      if (matchers.length === input.matchers.length && matchers.every((m) => matcherMatches(m, ''))) {
        ctx.addIssue({
          code: 'custom',
          path: ['matchers'],
          message: 'every matcher also matches an empty value: a silence must not cover every alert (add e.g. host=web-1)',
        });
      }
      const from = input.startsAt ?? o.now;
      if (from > o.now + SILENCE_MAX_MS || from < o.now - DAY)
        ctx.addIssue({ code: 'custom', path: ['startsAt'], message: 'must be within a day before and 90 days after now' });
      if ((input.duration === undefined) === (input.endsAt === undefined))
        ctx.addIssue({ code: 'custom', path: ['duration'], message: 'give either duration (e.g. 2h) or endsAt' });
      const to = input.endsAt ?? from + (input.duration ?? 0);
      const length = to - from;
      const field = input.endsAt !== undefined ? 'endsAt' : 'duration';
      if (input.duration !== undefined || input.endsAt !== undefined) {
        if (length < SILENCE_MIN_MS || length > SILENCE_MAX_MS)
          ctx.addIssue({ code: 'custom', path: [field], message: `a silence lasts from 1m to 90d (got ${length > 0 ? formatDuration(length) : 'nothing'})` });
        else if (to <= o.now) ctx.addIssue({ code: 'custom', path: [field], message: 'the silence would already be over' });
      }
      const fallback = o.author?.trim();
      const createdBy = input.createdBy ?? (fallback && fallback.length <= 100 && noControl(fallback) ? fallback : undefined);
      if (!createdBy) ctx.addIssue({ code: 'custom', path: ['createdBy'], message: 'say who is silencing (a name or user id)' });
      return { matchers, from, to, comment: input.comment, createdBy: createdBy ?? '' };
    });
}

export type SilenceInput = z.input<ReturnType<typeof silenceInputSchema>>;
