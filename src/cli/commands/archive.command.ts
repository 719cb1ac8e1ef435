import { Command } from 'commander';
import { createArchive, createFsStorage } from '../../archive/index.js';
import { UsageError } from '../../shared/errors.js';
import { action, readConfig, type GlobalOpts } from '../context.js';

/** `checkup archive list|get|verify`: reads the archive directly; Redis is not needed. */
export function archiveCommand(parent: () => GlobalOpts): Command {
  const cmd = new Command('archive').description('list, fetch and verify archived reports');
  const open = () => createArchive(createFsStorage(readConfig(parent()).paths.archive));
  cmd
    .command('list')
    .description('list archived reports, oldest first')
    .option('--json', 'one JSON array')
    .action(
      action(async (o: { json?: boolean }) => {
        const entries = (await open().list()).filter((e) => e.kind === 'report');
        if (o.json) return void console.log(JSON.stringify(entries));
        if (entries.length === 0) return void console.log('the archive is empty');
        for (const e of entries) console.log(`${e.id}  #${e.seq}  ${e.createdAt}  ${e.name}  ${e.period?.from} → ${e.period?.to}  ${(e.hosts ?? []).length} host(s)  ${Object.keys(e.files ?? {}).join(',')}`);
      }),
    );
  cmd
    .command('get')
    .description('show an entry and where its files are')
    .argument('<id>', 'archive entry id')
    .option('--json', 'one JSON object')
    .action(
      action(async (id: string, o: { json?: boolean }) => {
        const archive = open();
        const entry = await archive.get(id);
        if (!entry) throw new UsageError(`no archive entry "${id}"`);
        const paths = Object.fromEntries(Object.keys(entry.files ?? {}).map((k) => [k, archive.filePath(entry, k)]));
        if (o.json) return void console.log(JSON.stringify({ ...entry, paths }));
        console.log(`${entry.id} (#${entry.seq}) ${entry.name} ${entry.period?.from} → ${entry.period?.to}`);
        for (const [k, ref] of Object.entries(entry.files ?? {})) console.log(`  ${k.padEnd(5)} ${ref.sha256}  ${ref.bytes} bytes  ${paths[k] ?? ''}`);
      }),
    );
  cmd
    .command('verify')
    .description('check the hash chain and every file; exit 1 naming any entry that was changed')
    .action(
      action(async () => {
        const result = await open().verify();
        if (result.ok) {
          console.log(`archive OK: ${result.entries} entries, chain and files intact`);
          return 0;
        }
        console.log(`archive FAILED verification: ${result.problems.length} problem(s) in ${result.entries} entries`);
        for (const p of result.problems) console.log(`  line ${p.line}${p.id ? ` entry ${p.id}` : ''}: ${p.problem}`);
        return 1;
      }),
    );
  return cmd;
}
