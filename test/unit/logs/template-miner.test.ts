import { describe, expect, it } from 'vitest';
import {
  MAX_CONSTANT_VALUES,
  MAX_TOKENS,
  MinerSnapshotError,
  OTHER_ID,
  TemplateMiner,
  restoreMiner,
  snapshotMiner,
  templateId,
  templateText,
  tokenize,
} from '../../../src/logs/mining/index.js';

const masked = (s: string) => templateText(tokenize(s));

describe('tokenize: variables masked by their shape', () => {
  it('masks numbers, ids, IPs with ports, paths, URLs, hex, booleans and units', () => {
    expect(masked('Failed password for root from 10.0.0.9 port 52100 ssh2')).toBe('Failed password for root from <*> port <*> ssh2');
    expect(masked('connect to 10.0.0.1:5432 failed')).toBe('connect to <*> failed');
    expect(masked('GET /api/v1/users?id=7&x=y:1 took 15 ms')).toBe('GET <*> took <*>');
    expect(masked('fetch https://example.org/a=b done')).toBe('fetch <*> done');
    expect(masked('mask=ffffffff ok=true')).toBe('mask=<*> ok=<*>');
    expect(masked('Block blk_123 stored (estimated size 20.0 KB, free 1.2 GB)')).toBe('Block <*> stored (estimated size <*>, free <*>)');
    expect(masked('iface 00:1a:2b:3c:4d:5e up on eth0')).toBe('iface <*> up on eth0');
  });

  it('keeps keys, folds variable lists and quoted values, keeps logfmt messages', () => {
    expect(masked('r24=0x1f r25=0x00')).toBe('r24=<*> r25=<*>');
    expect(masked('delete blocks 1 2 3 4 5 6')).toBe('delete blocks <*>');
    expect(masked('forwarded 10.0.0.1,10.0.0.2 "GET')).toBe('forwarded <*> "GET');
    expect(masked('tag="View Lock", name=android')).toBe('tag=<*>, name=android');
    expect(masked('msg="disk full" path=/var')).toBe('msg="disk full" path=<*>');
    expect(masked('ws=WorkSource{10113}, uid=1000')).toBe('ws=<*>, uid=<*>');
  });

  it('bounds the tokens of a long message', () => {
    const tokens = tokenize(Array.from({ length: 1000 }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}x`).join(' '));
    expect(tokens.length).toBe(MAX_TOKENS + 1);
  });
});

describe('TemplateMiner', () => {
  it('turns a position with many values into <*>, whatever order the lines come in', () => {
    const users = ['root', 'admin', 'oracle', 'test', 'guest', 'ubuntu', 'pi'];
    const m = new TemplateMiner();
    const leaves = users.map((u) => m.add(`Invalid user ${u} from 10.0.0.${u.length} port 22`));
    const templates = new Set(leaves.map((l) => m.resolve(l).template));
    expect([...templates]).toEqual(['Invalid user <*> from <*> port <*>']);
    expect(m.templates()).toEqual([{ id: templateId('Invalid user <*> from <*> port <*>'), template: 'Invalid user <*> from <*> port <*>', count: 7 }]);
  });

  it('keeps a few words at one place as different messages', () => {
    const m = new TemplateMiner();
    for (const state of ['Started', 'Paused', 'Resumed', 'Stopped', 'Started', 'Stopped']) m.add(`[instance: 4f1c-9a] VM ${state} (Lifecycle Event)`);
    expect(m.templates().map((t) => [t.template, t.count])).toEqual([
      ['[instance: <*>] VM Started (Lifecycle Event)', 2],
      ['[instance: <*>] VM Stopped (Lifecycle Event)', 2],
      ['[instance: <*>] VM Paused (Lifecycle Event)', 1],
      ['[instance: <*>] VM Resumed (Lifecycle Event)', 1],
    ]);
    expect(MAX_CONSTANT_VALUES).toBeGreaterThanOrEqual(4);
  });

  it('makes a word beside a masked value, or two values after key=, a variable', () => {
    const m = new TemplateMiner();
    const a = m.add('domain root_domain is no longer served by node 12');
    m.add('domain 7 is no longer served by node 3');
    expect(m.resolve(a).template).toBe('domain <*> is no longer served by node <*>');
    const b = m.add('lock acquired by user=alice');
    m.add('lock acquired by user=bob');
    expect(m.resolve(b).template).toBe('lock acquired by user=<*>');
  });

  it('mines only the first line of a folded entry', () => {
    const m = new TemplateMiner();
    const a = m.add('request failed\njava.lang.IllegalStateException: a\n\tat x(Y.java:1)');
    const b = m.add('request failed\njava.io.IOException: b');
    expect(m.resolve(a)).toEqual(m.resolve(b));
    expect(m.resolve(a).template).toBe('request failed');
  });

  it('gives ids from the template text alone: the same on another miner, after a restart, in another order', () => {
    const lines = [
      'Accepted publickey for deploy from 10.1.1.1 port 50000 ssh2',
      'session opened for user deploy by (uid=0)',
      'Connection closed by 10.1.1.2 port 40000',
    ];
    const a = new TemplateMiner();
    const b = new TemplateMiner();
    const idsA = lines.map((l) => a.resolve(a.add(l)).id);
    const idsB = [...lines]
      .reverse()
      .map((l) => b.resolve(b.add(l)).id)
      .reverse();
    expect(idsB).toEqual(idsA);
    expect(idsA[2]).toBe(templateId('Connection closed by <*> port <*>'));
    const restored = restoreMiner(JSON.parse(JSON.stringify(snapshotMiner(a))));
    expect(lines.map((l) => restored.resolve(restored.add(l)).id)).toEqual(idsA);
    expect(restored.templates().map((t) => t.count)).toEqual([2, 2, 2]);
  });

  it('keeps learning after a restart: a position turns variable across it', () => {
    const before = new TemplateMiner();
    for (const u of ['root', 'admin', 'git']) before.add(`Failed password for ${u} from 10.0.0.1 port 22 ssh2`);
    const after = restoreMiner(snapshotMiner(before));
    for (const u of ['ftp', 'mysql', 'oracle']) after.add(`Failed password for ${u} from 10.0.0.1 port 22 ssh2`);
    expect(after.templates()).toEqual([
      { id: templateId('Failed password for <*> from <*> port <*> ssh2'), template: 'Failed password for <*> from <*> port <*> ssh2', count: 6 },
    ]);
  });

  it('refuses a snapshot it did not write, with the reason', () => {
    expect(() => restoreMiner({ version: 2, clusters: [], other: 0 })).toThrow(MinerSnapshotError);
    expect(() => restoreMiner({ version: 1, clusters: [{ slots: [], leaves: [{ tokens: ['a'], count: 1 }], count: 1 }], other: 0 })).toThrow(
      /1 tokens in a cluster of 0/,
    );
  });

  it('counts lines past the template cap as "other", and holds no more templates than the cap', () => {
    const m = new TemplateMiner({ maxTemplates: 10 });
    const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima', 'mike', 'november', 'oscar'];
    const leaves = words.map((w) => m.add(`${w} ${w}s ${w}ed`));
    expect(m.size).toBe(10);
    const t = m.templates();
    expect(t.find((x) => x.id === OTHER_ID)).toEqual({ id: OTHER_ID, template: 'other', count: 5 });
    expect(t.reduce((n, x) => n + x.count, 0)).toBe(words.length);
    expect(m.resolve(leaves[14]!).id).toBe(OTHER_ID);
    // A line of a template it already has still counts there.
    expect(m.resolve(m.add('alpha alphas alphaed')).id).toBe(m.resolve(leaves[0]!).id);
  });

  it('never throws on hostile messages', () => {
    const m = new TemplateMiner();
    for (const s of [
      '',
      ' ',
      '\u0000\u0001',
      '='.repeat(5000),
      '"'.repeat(5000),
      `a="${'b'.repeat(70_000)}`,
      '<img src=x onerror=alert(1)>',
      '\uFFFD'.repeat(100),
    ]) {
      expect(() => m.resolve(m.add(s))).not.toThrow();
    }
  });
});

describe('keys a line cannot forge', () => {
  it('reads control characters as spaces, so a line carrying the key separator is not another line', () => {
    const m = new TemplateMiner();
    const real = m.add('Accepted publickey for root');
    const forged = m.add('Accepted\u0001publickey\u0001for\u0001root');
    // the same words either way: the forged line is counted as what it says, in the same template
    expect(m.resolve(forged)).toEqual(m.resolve(real));
    const glued = m.add('Accepted\u0000publickey for root');
    expect(m.resolve(glued).template).toBe('Accepted publickey for root');
    expect(tokenize('a\u0000b')).toEqual(['a', 'b']);
  });
});
