import { userInfo } from 'node:os';
import { Command } from 'commander';
import type { z } from 'zod';
import { formatMatcher } from '../../alert/silence-matchers.js';
import { silenceInputSchema } from '../../alert/silence-input.js';
import { silenceViews, type SilenceView } from '../../alert/silence-history.js';
import type { AlertReader } from '../../alert/types.js';
import type { SilenceStore } from '../../alert/silences.js';
import { AppError, UsageError } from '../../shared/errors.js';
import { action, commandLogger, readConfig, type GlobalOpts } from '../context.js';

/**
 * Who is at the keyboard: $USER, else $LOGNAME, else the OS account. cron, `su -c` and many
 * containers set neither variable, and a silence must still record who made it.
 */
function osAccount(): string | undefined {
  const fromEnv = process.env.USER ?? process.env.LOGNAME;
  if (fromEnv) return fromEnv;
  try {
    return userInfo().username || undefined;
  } catch {
    return undefined; // no passwd entry for this uid
  }
}

/** The flag behind each input field, so a message names what the user typed. */
const FLAG: Record<string, string> = {
  matchers: '--match',
  duration: '--duration',
  startsAt: '--start',
  endsAt: '--end',
  comment: '--comment',
  createdBy: '--author',
};
/** Terminal output: a stored string must not move the cursor or recolour the screen. */
const printable = (s: string) => s.replace(/\p{Cc}/gu, '?');
const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');

function usage(error: z.ZodError): UsageError {
  const issue = error.issues[0];
  const [field, index] = (issue?.path ?? []).map(String);
  const flag = field ? (FLAG[field] ?? field) : 'input';
  const message = (issue?.message ?? 'invalid').replace(/^Unrecognized key.*$/, 'unknown option');
  return new UsageError(`${flag}${index !== undefined ? ` #${Number(index) + 1}` : ''}: ${message}`);
}

function line(s: SilenceView): string {
  const ended = s.expiredBy ? `  expired by ${s.expiredBy} at ${iso(s.expiredAt ?? s.to)}` : '';
  const muted = s.muted.length > 0 ? `  muted: ${[...new Set(s.muted.map((m) => m.alert))].join(', ')}` : '';
  return printable(
    `${s.id}  ${s.state.padEnd(7)}  ${s.matchers.map(formatMatcher).join(' ')}  ${iso(s.from)} → ${iso(s.to)}  by ${s.createdBy} at ${iso(s.createdAt)}  "${s.comment}"${ended}${muted}`,
  );
}

/** `checkup silence add|list|expire`: silences in Redis, as the console and the API make them. */
export function silenceCommand(parent: () => GlobalOpts): Command {
  const cmd = new Command('silence').description('silence alerts for a while, list silences (who silenced what), expire one');
  const withRedis = async <T>(fn: (o: { store: SilenceStore; reader: AlertReader }) => Promise<T>): Promise<T> => {
    // Loaded on use: `checkup --help` should not pay for BullMQ.
    const { boot } = await import('../../app/boot.js');
    const config = readConfig(parent());
    const booted = await boot({ config, log: commandLogger(parent()), startEmbedded: false });
    try {
      const { silences, alertReader } = booted.runtime.deps;
      return await fn({ store: silences, reader: alertReader });
    } finally {
      await booted.close();
    }
  };
  cmd
    .command('add')
    .description('create a silence and print its id')
    .option(
      '--match <matcher>',
      'name=value, name!=value, name=~regex or name!~regex on host, rule, severity or a label (repeat for more)',
      (v: string, all: string[]) => [...all, v],
      [],
    )
    .option('--duration <duration>', 'how long, e.g. 2h (1m to 90d)')
    .option('--start <time>', 'ISO 8601 start (default now)')
    .option('--end <time>', 'ISO 8601 end, instead of --duration')
    .option('--comment <text>', 'why (required)')
    .option('--author <name>', 'who is silencing (default $USER, else the OS account)')
    .action(
      action(async (o: { match: string[]; duration?: string; start?: string; end?: string; comment?: string; author?: string }) => {
        const now = Date.now();
        const author = o.author ?? osAccount();
        const input = {
          matchers: o.match,
          duration: o.duration,
          startsAt: o.start,
          endsAt: o.end,
          comment: o.comment ?? '',
          ...(o.author !== undefined ? { createdBy: o.author } : {}),
        };
        const parsed = silenceInputSchema({ now, ...(author ? { author } : {}) }).safeParse(input);
        if (!parsed.success) throw usage(parsed.error);
        const silence = await withRedis(({ store }) => store.add(parsed.data, now));
        console.log(silence.id);
      }),
    );
  cmd
    .command('list')
    .description('active and pending silences; --all adds those that ended in the last 30 days')
    .option('--all', 'include expired silences (the history)')
    .option('--json', 'one JSON array')
    .action(
      action(async (o: { all?: boolean; json?: boolean }) => {
        const now = Date.now();
        const views = await withRedis(({ store, reader }) =>
          silenceViews({ reader: { silences: () => store.list(now), notifications: (q) => reader.notifications(q) }, now }),
        );
        const shown = o.all ? views : views.filter((s) => s.state !== 'expired');
        if (o.json) return void console.log(JSON.stringify(shown));
        if (shown.length === 0) return void console.log(o.all ? 'no silences in the last 30 days' : 'no active or pending silences');
        for (const s of shown) console.log(line(s));
      }),
    );
  cmd
    .command('expire')
    .description('end a silence now')
    .argument('<id>', 'silence id (from `checkup silence list`)')
    .option('--author <name>', 'who expires it (default $USER, else the OS account)')
    .action(
      action(async (id: string, o: { author?: string }) => {
        const by = (o.author ?? osAccount() ?? '').trim();
        if (!by || by.length > 100 || /\p{Cc}/u.test(by)) throw new UsageError('--author: say who expires the silence');
        const out = await withRedis(({ store }) => store.expire(id, { by }));
        if (!out) throw new AppError('NOT_FOUND', `no silence "${printable(id)}"`);
        if (out.already) throw new AppError('CONFLICT', `silence ${id} already ended at ${iso(out.silence.to)}`);
        console.log(`expired ${id}`);
      }),
    );
  return cmd;
}
