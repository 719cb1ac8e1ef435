import { Command } from 'commander';
import { createArchive, openArchiveStorage, type ChainWitness } from '../../archive/index.js';
import type { ManifestEntry } from '../../archive/manifest-entry.js';
import { retentionFor } from '../../archive/retention.js';
import { UsageError } from '../../shared/errors.js';
import { action, readConfig, type GlobalOpts } from '../context.js';
import { openChainAnchor } from './chain-anchor-client.js';

const collect = (v: string, prev: string[]) => [...prev, v];

function parseHead(v: string): ChainWitness {
  const m = /^#?(\d+):([0-9a-f]{64})$/i.exec(v.trim());
  if (!m) throw new UsageError(`--head: expected SEQ:HASH as printed in a report email (e.g. 12:3f…, 64 hex digits), got "${v}"`);
  return { seq: Number(m[1]), hash: m[2]!.toLowerCase(), source: `the --head you gave (#${m[1]})` };
}

/** `checkup archive list|get|verify|prune`: reads the archive directly; verify also reads the chain anchor in Redis when it answers. */
export function archiveCommand(parent: () => GlobalOpts): Command {
  const cmd = new Command('archive').description('list, fetch, verify and prune archived reports');
  /** Read-only use (list, get) needs no Redis, on S3 too. */
  const withArchive = async <T>(fn: (archive: ReturnType<typeof createArchive>) => Promise<T>): Promise<T> => {
    const store = openArchiveStorage({ config: readConfig(parent()) });
    try {
      return await fn(createArchive(store.storage));
    } finally {
      store.close();
    }
  };
  cmd
    .command('list')
    .description('list archived reports, oldest first: entry id (the hash head) and report id')
    .option('--json', 'one JSON array')
    .action(
      action(async (o: { json?: boolean }) => {
        const all = await withArchive((a) => a.list());
        const pruned = new Set(all.filter((e) => e.kind === 'prune').map((e) => e.prunes));
        const entries = all.filter((e) => e.kind === 'report').map((e) => ({ ...e, reportId: e.reportId ?? null, pruned: pruned.has(e.id) }));
        if (o.json) return void console.log(JSON.stringify(entries));
        if (entries.length === 0) return void console.log('the archive is empty');
        const width = Math.max('report id'.length, ...entries.map((e) => (e.reportId ?? '-').length));
        console.log(`${'entry'.padEnd(16)}  ${'report id'.padEnd(width)}  seq  created / name / period / hosts / files`);
        for (const e of entries)
          console.log(
            `${e.id}  ${(e.reportId ?? '-').padEnd(width)}  #${e.seq}  ${e.createdAt}  ${e.name}  ${e.period?.from} → ${e.period?.to}  ${(e.hosts ?? []).length} host(s)  ${e.pruned ? '(pruned)' : Object.keys(e.files ?? {}).join(',')}`,
          );
      }),
    );
  cmd
    .command('get')
    .description('show an entry and where its files are')
    .argument('<ref>', 'a report id, an archive entry id, or the full entry hash')
    .option('--json', 'one JSON object')
    .action(
      action(async (ref: string, o: { json?: boolean }) => {
        await withArchive(async (archive) => {
          const found = await archive.find(ref);
          const names = (e: ManifestEntry) => `entry ${e.id} (report ${e.reportId ?? '-'})`;
          if (found.length > 1) throw new UsageError(`"${ref}" is ambiguous: it names ${found.map(names).join(' and ')}; use the full entry hash`);
          const entry = found[0];
          if (!entry) throw new UsageError(`no archived report or entry "${ref}"`);
          const paths = Object.fromEntries(Object.keys(entry.files ?? {}).map((k) => [k, archive.fileLocation(entry, k)]));
          if (o.json) return void console.log(JSON.stringify({ ...entry, reportId: entry.reportId ?? null, paths }));
          console.log(`entry ${entry.id} (#${entry.seq}, hash ${entry.hash})`);
          console.log(`report ${entry.reportId ?? '-'}  ${entry.name} ${entry.period?.from} → ${entry.period?.to}`);
          for (const [k, ref] of Object.entries(entry.files ?? {})) console.log(`  ${k.padEnd(5)} ${ref.sha256}  ${ref.bytes} bytes  ${paths[k] ?? ''}`);
        });
      }),
    );
  cmd
    .command('verify')
    .description(
      'check the hash chain, every file, and the chain head anchored in Redis and in deliveries; exit 1 naming any entry changed, missing or cut off',
    )
    .option('--head <seq:hash>', 'a chain head from a report email footer, which the archive must still contain (repeatable)', collect, [])
    .action(
      action(async (o: { head: string[] }) => {
        const heads = o.head.map(parseHead);
        const config = readConfig(parent());
        const anchored = await openChainAnchor(config);
        const store = openArchiveStorage({ config, ...(anchored.leases ? { leases: anchored.leases } : {}) });
        try {
          const archive = createArchive(store.storage, anchored.archiveOpts);
          const result = await archive.verify({ witnesses: heads });
          const notes = [...(anchored.note ? [anchored.note] : []), ...result.notes.filter((n) => !anchored.note || !n.startsWith('no chain anchor'))];
          if (result.ok) {
            const against = [
              result.anchored ? `the head anchored in Redis (#${result.anchored.seq})` : null,
              result.witnesses > 0 ? `${result.witnesses} witness(es)` : null,
            ].filter(Boolean);
            console.log(
              `archive OK: ${result.entries} entries, chain and files intact${against.length > 0 ? `, checked against ${against.join(' and ')}` : ''}`,
            );
            if (result.head) console.log(`  chain head: #${result.head.seq} ${result.head.hash}`);
            for (const n of notes) console.log(`  note: ${n}`);
            return 0;
          }
          console.log(`archive FAILED verification: ${result.problems.length} problem(s) in ${result.entries} entries`);
          for (const p of result.problems) console.log(`  ${p.line !== null ? `line ${p.line}` : 'manifest'}${p.id ? ` entry ${p.id}` : ''}: ${p.problem}`);
          for (const n of notes) console.log(`  note: ${n}`);
          return 1;
        } finally {
          store.close();
          await anchored.close();
        }
      }),
    );
  cmd
    .command('prune')
    .description('remove files of entries past their retention (archive.retention, reports.<name>.retention); the chain stays verifiable')
    .option('--dry-run', 'only list what would be pruned')
    .action(
      action(async (o: { dryRun?: boolean }) => {
        const config = readConfig(parent());
        // On S3 the prune entries are chain writes: they take the chain's lease in Redis, and are anchored there.
        const anchored = config.archive.s3 ? await openChainAnchor(config) : null;
        const store = openArchiveStorage({ config, ...(anchored?.leases ? { leases: anchored.leases } : {}) });
        try {
          const archive = createArchive(store.storage, anchored?.archiveOpts ?? {});
          const due = await archive.prune({
            now: Date.now(),
            retentionFor: retentionFor(config),
            reason: 'retention (checkup archive prune)',
            dryRun: o.dryRun,
          });
          for (const e of due) console.log(`${o.dryRun ? 'would prune' : 'pruned'} ${e.id}  ${e.createdAt}  ${e.name}`);
          console.log(`${due.length} entr${due.length === 1 ? 'y' : 'ies'} ${o.dryRun ? 'due' : 'pruned'}`);
          return 0;
        } finally {
          store.close();
          await anchored?.close();
        }
      }),
    );
  return cmd;
}
