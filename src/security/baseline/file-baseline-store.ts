/**
 * Baselines as JSON files, one per name, written to a temporary file and renamed over the old one
 * so a crash mid-write leaves the previous baseline whole. Mode 0600: a baseline lists file hashes
 * and which processes listen where, which is nobody else's business on a shared host.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { BaselineError, type BaselineStore } from './baseline-store.js';

const NAME = /^[a-z][a-z0-9-]{0,63}$/;

export class FileBaselineStore implements BaselineStore {
  constructor(private readonly paths: (name: string) => string) {}

  /** `<dir>/<name>.json` for every name. */
  static inDir(dir: string): FileBaselineStore {
    return new FileBaselineStore((name) => join(dir, `${name}.json`));
  }

  describe(name: string): string {
    return this.path(name);
  }

  async load(name: string): Promise<unknown> {
    const path = this.path(name);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new BaselineError(`cannot read the ${name} baseline ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw new BaselineError(`the ${name} baseline ${path} is not valid JSON (move it away to start a new one)`, { cause: err });
    }
  }

  async save(name: string, value: unknown): Promise<void> {
    const path = this.path(name);
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(value)}\n`, { mode: 0o600 });
    await rename(tmp, path);
  }

  private path(name: string): string {
    if (!NAME.test(name)) throw new BaselineError(`bad baseline name "${name}"`);
    return this.paths(name);
  }
}
