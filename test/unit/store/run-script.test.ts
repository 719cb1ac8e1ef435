import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { asArray, asBuffer, asNumber, asTime, defineScript, runScript } from '../../../src/store/lua/run-script.js';

/** Just enough of a client: records commands, answers NOSCRIPT to the first EVALSHA. */
function fakeRedis(): { redis: Redis; calls: string[] } {
  const calls: string[] = [];
  let loaded = false;
  const fake = {
    async callBuffer(cmd: string, args: unknown[]): Promise<unknown> {
      calls.push(`${cmd} ${args.length}`);
      if (cmd === 'EVALSHA' && !loaded) throw new Error('NOSCRIPT No matching script. Please use EVAL.');
      loaded = true;
      return [Buffer.from('ok'), 3];
    },
  };
  return { redis: fake as unknown as Redis, calls };
}

describe('script runner', () => {
  it('falls back to EVAL when the server lost its script cache', async () => {
    const { redis, calls } = fakeRedis();
    const s = defineScript('return 1');
    expect(s.sha).toMatch(/^[0-9a-f]{40}$/);
    const reply = asArray(await runScript(redis, s, ['k1', 'k2'], ['a']));
    expect(calls).toEqual(['EVALSHA 5', 'EVAL 5']);
    expect(asBuffer(reply[0])?.toString()).toBe('ok');
    expect(asNumber(reply[1])).toBe(3);
    await runScript(redis, s, ['k1'], []);
    expect(calls.at(-1)).toBe('EVALSHA 3');
  });

  it('reads replies strictly', () => {
    expect(asTime(Buffer.from('1700000000000'))).toBe(1_700_000_000_000);
    expect(asTime(null)).toBeNull();
    expect(() => asArray('x')).toThrow(TypeError);
    expect(() => asBuffer(5)).toThrow(TypeError);
  });
});
