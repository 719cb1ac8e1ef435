import type { Command } from 'commander';
import { UsageError } from '../shared/errors.js';

const fullName = (c: Command): string => (c.parent ? `${fullName(c.parent)} ${c.name()}` : c.name());

/**
 * Commander's usage errors become one line, `checkup: <reason> (see checkup <cmd> --help)`, on
 * every command and subcommand; a group (`checkup archive`) without its subcommand is one too.
 */
export function oneLineUsage(cmd: Command): void {
  cmd.exitOverride();
  cmd.configureOutput({
    outputError: (str, write) =>
      write(
        `checkup: ${str
          .replace(/^error:\s*/, '')
          .trim()
          .replace(/\s*\n\s*/g, '; ')} (see \`${fullName(cmd)} --help\`)\n`,
      ),
  });
  // A group with an action of its own (`checkup deliveries` lists the ledger, `deliveries retry`
  // re-sends) keeps it; only a bare group needs its subcommand. Commander has no public test for
  // "has an action", so its private field is read.
  const hasAction = (cmd as unknown as { _actionHandler?: unknown })._actionHandler != null;
  if (cmd.commands.length > 0 && cmd.parent && !hasAction) {
    const names = cmd.commands.map((c) => c.name()).join(', ');
    cmd.allowExcessArguments(true);
    cmd.action((_opts: unknown, self: Command) => {
      const given = self.args[0];
      throw new UsageError(
        given === undefined ? `\`${fullName(cmd)}\` needs a subcommand: ${names}` : `unknown command "${fullName(cmd)} ${given}" (use ${names})`,
      );
    });
  }
  for (const sub of cmd.commands) oneLineUsage(sub);
}
