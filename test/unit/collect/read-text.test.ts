import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKeptFiles, listDir, readText } from '../../../src/collect/read-text.js';
import { procTree, type ProcTree } from './proc-tree.js';

describe('file readers', () => {
  let tree: ProcTree;
  beforeEach(async () => {
    tree = await procTree();
  });
  afterEach(() => tree.cleanup());

  it('reads whole files across chunks, and null for missing ones', async () => {
    const big = 'x'.repeat(40_000) + 'é\n';
    await tree.write('proc/big', big);
    expect(await readText(`${tree.procRoot}/big`)).toBe(big);
    expect(await readText(`${tree.procRoot}/missing`)).toBeNull();
    expect(await listDir(`${tree.procRoot}/missing`)).toBeNull();
    expect(await listDir(`${tree.sysRoot}/block`)).toEqual(expect.arrayContaining(['vda', 'zram0']));
  });

  it('re-reads kept files from the start each time, and reopens after close', async () => {
    const kept = createKeptFiles();
    try {
      await tree.write('proc/uptime', '100.00 1.00\n' + ' '.repeat(20_000));
      expect((await kept.read(`${tree.procRoot}/uptime`))?.length).toBe(12 + 20_000);
      await tree.write('proc/uptime', '110.00 2.00\n');
      expect(await kept.read(`${tree.procRoot}/uptime`)).toBe('110.00 2.00\n');
      kept.close();
      await tree.write('proc/uptime', '120.00 3.00\n');
      expect(await kept.read(`${tree.procRoot}/uptime`)).toBe('120.00 3.00\n');
      expect(await kept.read(`${tree.procRoot}/nope`)).toBeNull();
    } finally {
      kept.close();
    }
  });
});
