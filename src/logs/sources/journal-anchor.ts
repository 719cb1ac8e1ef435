import { execFile } from 'node:child_process';
import { anchorArgs, type JournalWhere } from './journal-args.js';
import type { JournalExit } from './journal-process.js';

/**
 * The cursor of the newest entry (`journalctl -n 1`), null for an empty journal, or how journalctl
 * failed. No unit or identifier matches: a cursor is a position in the whole journal.
 */
export async function newestCursor(journalctl: string, where: JournalWhere): Promise<{ cursor: string | null } | { exit: JournalExit }> {
  const out = await new Promise<{ stdout: string; error: { code?: string | number | null } | null; stderr: string }>((resolve) => {
    execFile(journalctl, anchorArgs(where), { timeout: 60_000, maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => resolve({ stdout, error, stderr }));
  });
  if (out.error) {
    const code = out.error.code;
    return {
      exit: { code: typeof code === 'number' ? code : null, signal: null, spawnError: typeof code === 'string' ? code : null, stderr: out.stderr.trim() },
    };
  }
  const line = out.stdout.split('\n').find((l) => l.trim() !== '');
  if (!line) return { cursor: null };
  try {
    const cursor = (JSON.parse(line) as { __CURSOR?: unknown }).__CURSOR;
    return { cursor: typeof cursor === 'string' && cursor !== '' ? cursor : null };
  } catch {
    return { cursor: null };
  }
}
