/**
 * The few examples kept per template: the first distinct ones, redacted and cut, at most
 * `perTemplate` each, for at most `maxTemplates` templates (the miner's cap), so memory is bounded
 * whatever the source logs. Examples are stored redacted: nothing unredacted is ever held past the
 * call that offered it. The key is whatever names a template to the caller: its id, or the miner's
 * leaf while the template may still change (then `entries()` lets the caller group them by id).
 */
import { createRedactor, type Redactor } from './redact.js';

export type ExampleKeeperOptions = {
  /** @defaultValue 3 */
  perTemplate?: number;
  /** @defaultValue 1000 */
  maxTemplates?: number;
  /** @defaultValue the built-in rules only */
  redactor?: Redactor;
};

export class ExampleKeeper<K = string> {
  private readonly byTemplate = new Map<K, string[]>();
  private readonly perTemplate: number;
  private readonly maxTemplates: number;
  private readonly redact: Redactor;

  constructor(opts: ExampleKeeperOptions = {}) {
    this.perTemplate = opts.perTemplate ?? 3;
    this.maxTemplates = opts.maxTemplates ?? 1000;
    this.redact = opts.redactor ?? createRedactor();
  }

  /** Offers a message as an example of a template; kept (redacted) if the template has room and it is new. */
  offer(key: K, message: string): void {
    let list = this.byTemplate.get(key);
    if (!list) {
      if (this.byTemplate.size >= this.maxTemplates) return;
      list = [];
      this.byTemplate.set(key, list);
    }
    if (list.length >= this.perTemplate) return;
    const example = this.redact(message);
    if (!list.includes(example)) list.push(example);
  }

  examples(key: K): readonly string[] {
    return this.byTemplate.get(key) ?? [];
  }

  entries(): IterableIterator<[K, readonly string[]]> {
    return this.byTemplate.entries();
  }
}
