import { randomUUID } from 'node:crypto';
import type { Leaf, TemplateMiner } from '../mining/index.js';
import { AUTO_SAMPLE_LINES, detectFormat, EntryReader, parserFor, type LineParser } from '../parse/index.js';
import { ExampleKeeper, type Redactor } from '../redact/index.js';
import type { SourceBatch } from '../sources/types.js';
import { MAX_EXAMPLES, type LogCount, type LogSeverity, type LogTemplateUpdate } from '../store/log-repo.js';
import { PRIORITY_NAMES, type LogEntry } from '../types.js';

/** Entry times further ahead than this are not believed (a wrong year, a skewed clock): the read time is used. */
const FUTURE_SLACK_MS = 5 * 60_000;
/** Examples offered per template and batch: identical lines would otherwise be redacted again and again. */
const OFFERS_PER_BATCH = 2 * MAX_EXAMPLES;
/** Files whose `auto` format is remembered; a glob source rarely tails more, and forgetting only re-detects. */
const MAX_DETECTED = 1000;

type Tally = { leaf: Leaf; cells: Map<string, number>; offers: number };

export type Counted = { counts: LogCount[]; templates: LogTemplateUpdate[]; entries: number };

/**
 * Turns one source batch into counts per minute × template × severity, with a few redacted examples
 * per template, using the source's own miner. Entries fold within a batch: a batch ends at whole
 * lines, and the entry open at its end is counted with it, so every line read is counted once.
 * Template ids are resolved when the batch is done, so a template that generalised during the batch
 * counts once, under its final text.
 */
export class BatchCounter {
  private readonly fixed: LineParser | null;
  private readonly detected = new Map<string, LineParser>();
  /** Template ids whose examples the store already has in full: not offered again. */
  private readonly fullExamples = new Set<string>();

  constructor(
    /** `format` of a file source (a name or a pattern); null for the journal, whose records are entries already. */
    private readonly opts: { source: string; format: string | null; miner: TemplateMiner; redactor: Redactor; maxTemplates: number },
  ) {
    const p = opts.format === null ? 'auto' : parserFor(opts.format);
    this.fixed = p === 'auto' ? null : p;
  }

  /** `onEntry` sees every entry of the batch as it is read (the auth stage reads the same entries). */
  count(batch: SourceBatch, now: number, onEntry?: (e: LogEntry) => void): Counted {
    const tallies = new Map<Leaf, Tally>();
    const keeper = new ExampleKeeper<Leaf>({ perTemplate: MAX_EXAMPLES, maxTemplates: this.opts.maxTemplates, redactor: this.opts.redactor });
    let entries = 0;
    const add = (e: LogEntry) => {
      entries++;
      onEntry?.(e);
      const leaf = this.opts.miner.add(e.message);
      let t = tallies.get(leaf);
      if (!t) {
        t = { leaf, cells: new Map(), offers: this.fullExamples.has(this.opts.miner.resolve(leaf).id) ? OFFERS_PER_BATCH : 0 };
        tallies.set(leaf, t);
      }
      const severity: LogSeverity = e.priority === null ? 'unknown' : PRIORITY_NAMES[e.priority];
      const at = e.time !== null && e.time <= now + FUTURE_SLACK_MS ? e.time : now;
      const key = `${severity}|${Math.floor(at / 60_000) * 60_000}`;
      t.cells.set(key, (t.cells.get(key) ?? 0) + 1);
      if (t.offers < OFFERS_PER_BATCH) {
        t.offers++;
        keeper.offer(leaf, e.message);
      }
    };
    if (batch.kind === 'journal') for (const r of batch.records) add(r.entry);
    else this.countLines(batch.lines, add);
    return { ...this.resolve(tallies, keeper), entries };
  }

  /** The store holds MAX_EXAMPLES for these ids now (called after a successful write). */
  noteStored(templates: LogTemplateUpdate[]): void {
    if (this.fullExamples.size > 4 * this.opts.maxTemplates) this.fullExamples.clear();
    for (const t of templates) if (t.examples.length >= MAX_EXAMPLES) this.fullExamples.add(t.id);
  }

  private countLines(lines: Extract<SourceBatch, { kind: 'file' }>['lines'], add: (e: LogEntry) => void): void {
    let reader: EntryReader | null = null;
    let fileId = '';
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (reader === null || l.fileId !== fileId) {
        const done = reader?.flush();
        if (done) add(done);
        fileId = l.fileId;
        reader = new EntryReader(this.opts.source, this.parserFor(lines, i));
      }
      const e = reader.push(l.text, { truncated: l.truncated });
      if (e) add(e);
    }
    const last = reader?.flush();
    if (last) add(last);
  }

  private parserFor(lines: Extract<SourceBatch, { kind: 'file' }>['lines'], from: number): LineParser {
    if (this.fixed) return this.fixed;
    const fileId = lines[from]!.fileId;
    const known = this.detected.get(fileId);
    if (known) return known;
    const sample: string[] = [];
    for (let i = from; i < lines.length && sample.length < AUTO_SAMPLE_LINES && lines[i]!.fileId === fileId; i++) sample.push(lines[i]!.text);
    const parser = detectFormat(sample);
    if (this.detected.size >= MAX_DETECTED) this.detected.clear();
    this.detected.set(fileId, parser);
    return parser;
  }

  private resolve(tallies: Map<Leaf, Tally>, keeper: ExampleKeeper<Leaf>): Omit<Counted, 'entries'> {
    const cells = new Map<string, LogCount>();
    const templates = new Map<string, LogTemplateUpdate>();
    for (const t of tallies.values()) {
      const { id, template } = this.opts.miner.resolve(t.leaf);
      for (const [key, n] of t.cells) {
        const k = `${id}|${key}`;
        const c = cells.get(k);
        if (c) {
          c.count += n;
          continue;
        }
        const bar = key.indexOf('|');
        cells.set(k, { templateId: id, severity: key.slice(0, bar) as LogSeverity, source: this.opts.source, minute: Number(key.slice(bar + 1)), count: n });
      }
      let u = templates.get(id);
      if (!u) {
        u = { id, template, examples: [] };
        templates.set(id, u);
      }
      for (const ex of keeper.examples(t.leaf)) if (u.examples.length < MAX_EXAMPLES && !u.examples.includes(ex)) u.examples.push(ex);
    }
    return { counts: [...cells.values()], templates: [...templates.values()] };
  }
}

export const newBatchId = (source: string): string => `${source}:${randomUUID()}`;
