import { describe, expect, it } from 'vitest';
import { closeOnce, runCloseSteps } from '../../../src/shared/close-once.js';
import { captureLog } from '../../utils/log-capture.js';

describe('close steps', () => {
  it('a failing step is logged and does not skip the later steps; the first failure is rethrown', async () => {
    const { log, lines } = captureLog();
    const ran: string[] = [];
    const closing = runCloseSteps(
      [
        ['browser', () => void ran.push('browser')],
        [
          'queues',
          async () => {
            ran.push('queues');
            throw new Error('queues stuck');
          },
        ],
        [
          'mailer',
          () => {
            ran.push('mailer');
            throw new Error('mailer gone');
          },
        ],
        ['redis', async () => void ran.push('redis')],
      ],
      log,
    );
    await expect(closing).rejects.toThrow('queues stuck');
    expect(ran).toEqual(['browser', 'queues', 'mailer', 'redis']);
    expect(lines.filter((l) => l.level === 40).map((l) => l.step)).toEqual(['queues', 'mailer']);
  });

  it('runs the steps in order, each after the previous one settled', async () => {
    const ran: string[] = [];
    const slow = () => new Promise<void>((resolve) => setTimeout(() => resolve(void ran.push('slow')), 20));
    await runCloseSteps(
      [
        ['slow', slow],
        ['after', () => void ran.push('after')],
      ],
      captureLog().log,
    );
    expect(ran).toEqual(['slow', 'after']);
  });
});

describe('bounded close steps', () => {
  it('a step that never settles is left behind after its timeout, logged, and the rest still run', async () => {
    const { log, lines } = captureLog();
    const ran: string[] = [];
    await runCloseSteps(
      [
        ['workers', () => new Promise<void>(() => void ran.push('workers')), { timeoutMs: 30 }],
        ['runtime', () => void ran.push('runtime'), { timeoutMs: 1_000 }],
      ],
      log,
    );
    expect(ran).toEqual(['workers', 'runtime']);
    expect(lines.filter((l) => l.level === 40).map((l) => [l.step, l.timeoutMs])).toEqual([['workers', 30]]);
  });

  it('a bounded step that fails in time is a failure like any other', async () => {
    const { log } = captureLog();
    await expect(runCloseSteps([['quit', () => Promise.reject(new Error('gone')), { timeoutMs: 1_000 }]], log)).rejects.toThrow('gone');
  });
});

describe('closeOnce', () => {
  it('two calls run the steps once and return the same promise', async () => {
    let runs = 0;
    const close = closeOnce(() => [['count', async () => void runs++]], captureLog().log);
    const first = close();
    const second = close();
    expect(second).toBe(first);
    await Promise.all([first, second]);
    await close();
    expect(runs).toBe(1);
  });

  it('a failed close stays failed for every caller and is not retried', async () => {
    let runs = 0;
    const close = closeOnce(
      () => [
        [
          'boom',
          () => {
            runs++;
            throw new Error('boom');
          },
        ],
      ],
      captureLog().log,
    );
    await expect(close()).rejects.toThrow('boom');
    await expect(close()).rejects.toThrow('boom');
    expect(runs).toBe(1);
  });
});
