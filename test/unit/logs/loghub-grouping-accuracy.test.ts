/**
 * The template miner's grouping accuracy on the 12 LogHub 2k sets, with its one default setting,
 * as the logparser benchmark measures it: each line split by its set's header pattern, the Content
 * mined. The floors sit 0.005 (10 lines of 2,000) under what the miner achieves, so a change that
 * costs accuracy fails here. `npm run bench:logs` prints the same figures.
 */
import { describe, expect, it } from 'vitest';
import { TemplateMiner, groupingAccuracy, type Leaf } from '../../../src/logs/mining/index.js';
import { EntryReader, matchPattern, compilePattern, patternParser } from '../../../src/logs/parse/index.js';
import { LOGHUB_SETS, loadLoghubSet } from '../../utils/loghub.js';

const ACHIEVED: Record<string, number> = {
  HDFS: 1,
  Hadoop: 0.9615,
  Spark: 1,
  Zookeeper: 0.9945,
  BGL: 0.991,
  HPC: 0.996,
  Windows: 1,
  Android: 0.976,
  HealthApp: 1,
  Apache: 1,
  OpenSSH: 0.9985,
  OpenStack: 1,
};
const MARGIN = 0.005;

function mineSet(name: string): { ga: number; contentsAgree: number } {
  const set = loadLoghubSet(name);
  const reader = new EntryReader(`loghub:${name}`, patternParser(set.format));
  const miner = new TemplateMiner();
  const leaves: Leaf[] = [];
  const take = (e: ReturnType<EntryReader['push']>) => {
    if (!e) return;
    expect(e.lineCount, `${name} line ${e.line} folded`).toBe(1);
    leaves.push(miner.add(e.message));
  };
  for (const line of set.lines) take(reader.push(line));
  take(reader.flush());
  const p = compilePattern(set.format);
  const contentsAgree = set.lines.filter((l, i) => matchPattern(p, l.replace(/\r$/, ''))?.Content?.trim() === set.contents[i]!.trim()).length;
  return {
    ga: groupingAccuracy(
      leaves.map((l) => miner.resolve(l).id),
      set.eventIds,
    ),
    contentsAgree,
  };
}

describe('LogHub grouping accuracy, one setting for all 12 sets', () => {
  const results = new Map<string, number>();

  it.each(LOGHUB_SETS)('%s stays at its floor, and the header split gives the benchmark Content', (name) => {
    const { ga, contentsAgree } = mineSet(name);
    results.set(name, ga);
    expect(ga).toBeGreaterThanOrEqual(ACHIEVED[name]! - MARGIN);
    // One HealthApp row of the corrected ground truth has spaces the raw line does not.
    expect(contentsAgree).toBeGreaterThanOrEqual(name === 'HealthApp' ? 1999 : 2000);
  });

  it('averages at least 0.95 with none under 0.85', () => {
    const all = LOGHUB_SETS.map((n) => results.get(n) ?? mineSet(n).ga);
    expect(all.reduce((a, b) => a + b, 0) / all.length).toBeGreaterThanOrEqual(0.95);
    expect(Math.min(...all)).toBeGreaterThanOrEqual(0.85);
  });
});
