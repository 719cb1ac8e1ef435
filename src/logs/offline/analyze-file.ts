/**
 * Offline analysis of one log file (`checkup logs analyze`): bytes → lines (64 KiB limit) →
 * entries (header parser, folding, severity) → templates (the miner), in one streaming pass. With
 * `lines`, every physical line gets its entry's template id, resolved when the file is done, so a
 * line read early shows the template as the whole file taught it.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { TemplateMiner, currentLeaf, type Leaf } from '../mining/index.js';
import {
  EntryReader,
  LineSplitter,
  AUTO_SAMPLE_LINES,
  detectFormat,
  parserFor,
  type EntryReaderStats,
  type LineParser,
  type SplitLine,
  type TimeOptions,
} from '../parse/index.js';
import { ExampleKeeper, createRedactor } from '../redact/index.js';
import { PRIORITY_NAMES, type LogEntry, type PriorityName } from '../types.js';

export type AnalyzedTemplate = {
  id: string;
  template: string;
  /** Entries (a folded stack trace is one). */
  count: number;
  /** The most frequent severity of its entries (the more severe on a tie); `unknown` when none said. */
  severity: PriorityName | 'unknown';
  /** Up to three examples, redacted. */
  examples: readonly string[];
};

export type FileAnalysis = {
  file: string;
  /** The format used: the one given, or the one `auto` picked. */
  format: string;
  templates: AnalyzedTemplate[];
  /** One template id per physical line, when asked for. */
  lines?: string[];
  stats: EntryReaderStats;
};

export type AnalyzeFileOptions = { file: string; format: string; lines?: boolean; time?: TimeOptions; redactPatterns?: readonly RegExp[] };

export class UnreadableFileError extends Error {}

/** Per leaf: entries by priority 0–7, then unknown at 8. */
type Severities = Int32Array;

function severityOf(counts: Severities): PriorityName | 'unknown' {
  // ascending, so on a tie the more severe priority, seen first, stays
  let best = -1;
  for (let p = 0; p < 9; p++) if (counts[p]! > (best < 0 ? 0 : counts[best]!)) best = p;
  return best < 0 || best === 8 ? 'unknown' : PRIORITY_NAMES[best]!;
}

/** Collects entries, template by template; `finish` resolves them with what the whole file taught. */
class Collector {
  readonly miner = new TemplateMiner();
  readonly examples: ExampleKeeper<Leaf>;
  private readonly severities = new Map<Leaf, Severities>();
  private readonly perEntry: Array<[Leaf, number]> = [];

  constructor(
    private readonly keepLines: boolean,
    redactPatterns: readonly RegExp[],
  ) {
    this.examples = new ExampleKeeper<Leaf>({ redactor: createRedactor(redactPatterns) });
  }

  take(e: LogEntry | null): void {
    if (!e) return;
    const leaf = this.miner.add(e.message);
    let s = this.severities.get(leaf);
    if (!s) this.severities.set(leaf, (s = new Int32Array(9)));
    s[e.priority ?? 8]!++;
    this.examples.offer(leaf, e.message.split('\n', 1)[0]!);
    if (this.keepLines) this.perEntry.push([leaf, e.lineCount]);
  }

  finish(): { templates: AnalyzedTemplate[]; lines?: string[] } {
    const sev = new Map<string, Severities>();
    for (const [leaf, counts] of this.severities) {
      const id = this.miner.resolve(leaf).id;
      const acc = sev.get(id) ?? new Int32Array(9);
      for (let p = 0; p < 9; p++) acc[p]! += counts[p]!;
      sev.set(id, acc);
    }
    const examples = new Map<string, string[]>();
    for (const [leaf, list] of this.examples.entries()) {
      const id = this.miner.resolve(currentLeaf(leaf)).id;
      const acc = examples.get(id) ?? [];
      for (const x of list) if (acc.length < 3 && !acc.includes(x)) acc.push(x);
      examples.set(id, acc);
    }
    const templates = this.miner
      .templates()
      .map((t) => ({ ...t, severity: severityOf(sev.get(t.id) ?? new Int32Array(9)), examples: examples.get(t.id) ?? [] }));
    if (!this.keepLines) return { templates };
    const lines: string[] = [];
    for (const [leaf, n] of this.perEntry) {
      const id = this.miner.resolve(leaf).id;
      for (let k = 0; k < n; k++) lines.push(id);
    }
    return { templates, lines };
  }
}

async function checkFile(file: string): Promise<void> {
  try {
    const s = await stat(file);
    if (!s.isFile()) throw new UnreadableFileError(`cannot read ${file}: not a regular file`);
  } catch (err) {
    if (err instanceof UnreadableFileError) throw err;
    throw new UnreadableFileError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

/** Reads and analyses the file. Throws UnreadableFileError when it cannot be read, PatternError for a bad format. */
export async function analyzeFile(opts: AnalyzeFileOptions): Promise<FileAnalysis> {
  const chosen = parserFor(opts.format, opts.time);
  await checkFile(opts.file);
  const collector = new Collector(opts.lines === true, opts.redactPatterns ?? []);
  const source = `file:${opts.file}`;
  let reader: EntryReader | null = chosen === 'auto' ? null : new EntryReader(source, chosen);
  // `auto` holds the first lines back until it has seen enough of them to choose.
  const held: SplitLine[] = [];
  const start = (parser: LineParser): EntryReader => {
    const r = new EntryReader(source, parser);
    for (const l of held.splice(0)) collector.take(r.push(l.text, l));
    return r;
  };
  const splitter = new LineSplitter((l) => {
    if (reader) return collector.take(reader.push(l.text, l));
    held.push(l);
    if (held.length >= AUTO_SAMPLE_LINES)
      reader = start(
        detectFormat(
          held.map((h) => h.text),
          opts.time,
        ),
      );
  });
  try {
    for await (const chunk of createReadStream(opts.file)) splitter.write(chunk as Buffer);
  } catch (err) {
    throw new UnreadableFileError(`cannot read ${opts.file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  splitter.end();
  reader ??= start(
    detectFormat(
      held.map((h) => h.text),
      opts.time,
    ),
  );
  collector.take(reader.flush());
  return { file: opts.file, format: reader.parser.name, ...collector.finish(), stats: reader.stats };
}
