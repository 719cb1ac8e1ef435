import { join } from 'node:path';
import { createSilenceStore } from '../../../src/alert/silences.js';
import { createAlertStore } from '../../../src/alert/alert-store.js';
import { createCheckStore } from '../../../src/checks/check-store.js';
import { tmpdir } from 'node:os';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertReader } from '../../../src/alert/index.js';
import { runHostChecks, type ChecksDeps } from '../../../src/checks/run-host-checks.js';
import { createCheckStateReader } from '../../../src/checks/state-reader.js';
import { createCollector, snapshotToPoints } from '../../../src/collect/index.js';
import { ZChecksConfig } from '../../../src/config/checks-schema.js';
import { createHostRepo } from '../../../src/fleet/host-repo.js';
import { createRedis, type Redis } from '../../../src/queue/redis-connection.js';
import { buildReportModel } from '../../../src/report/model/build-report-model.js';
import { ZReportRequest } from '../../../src/report/model/report-request.js';
import { createTemplateEngine } from '../../../src/report/templates/template-engine.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { createRedisSeriesStore } from '../../../src/store/index.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../../utils/redis.js';

const MIN = 60_000;
const HOST = 'plain-1';
const REASON = 'systemd is not running on this host (no /run/systemd/system): the state of nginx.service cannot be known';
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, ' ');

// Issue #11.5: on a host without systemd a systemd check counted as fail, 0% available. This
// machine has no systemd as PID 1, so the probe below is the real one.
describe.runIf(!existsSync('/run/systemd/system'))('a systemd check on a host without systemd', () => {
  const prefix = testPrefix();
  let redis: Redis;
  let server: Server;

  beforeAll(async () => {
    redis = createRedis(TEST_REDIS_URL);
    server = createServer((s) => s.end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await redis.quit();
    await cleanupPrefix(prefix);
  });

  it('is unknown with the reason, left out of availability like a gap, and the report says so in en and zh-CN', async () => {
    const t0 = Math.floor(Date.now() / MIN) * MIN - 20 * MIN;
    const at = (k: number) => t0 + k * MIN;
    const port = (server.address() as AddressInfo).port;
    const checks = ZChecksConfig.parse([
      { name: 'nginx', kind: 'systemd', unit: 'nginx.service', interval: '1m', restart: { unit: 'nginx.service' } },
      { name: 'db', kind: 'tcp', host: '127.0.0.1', port, interval: '1m' },
    ]);
    const store = createRedisSeriesStore({ redis, prefix, retention: { rawMs: 2 * 86_400_000, minuteMs: 35 * 86_400_000, hourMs: 400 * 86_400_000 } });
    const hosts = createHostRepo({ redis, prefix });
    const deps: ChecksDeps = {
      config: { hostId: HOST, host: { tags: [] }, checks, paths: { data: mkdtempSync(join(tmpdir(), 'checkup-checks-data-')) } },
      checkStore: createCheckStore({ redis, prefix }),
      hosts,
      store,
      log: silentLogger(),
    };
    for (let k = 0; k < 10; k++) {
      const out = await runHostChecks({ deps, now: () => at(k) });
      // Nothing to restart: a unit restart on a host without systemd could not run anyway.
      expect(out.restarts).toEqual([]);
    }

    const reader = createCheckStateReader({ store: createCheckStore({ redis, prefix }), checks, now: () => at(10) });
    expect((await reader.latest(HOST)).map((r) => [r.check, r.status, r.message])).toEqual([
      ['db', 'ok', expect.stringMatching(/^connected to 127\.0\.0\.1:\d+ in [\d.]+ ms$/)],
      ['nginx', 'unknown', REASON],
    ]);
    const byCheck = Object.fromEntries((await reader.availability({ host: HOST, from: at(0), to: at(10) })).map((a) => [a.check, a]));
    expect(byCheck.nginx).toMatchObject({
      availabilityPct: null,
      okMs: 0,
      warnMs: 0,
      failMs: 0,
      unknownMs: 10 * MIN,
      noDataMs: 0,
      incidents: [],
      unknownReasons: [REASON],
    });
    expect(byCheck.nginx!.accounting).toContain('10m with status unknown (the probe could not tell, e.g. no systemd on the host) was excluded like a gap');
    expect(byCheck.db).toMatchObject({ availabilityPct: 100, unknownMs: 0 });
    // The status series has a gap, not a "fail" value, where the status was unknown.
    const series = await store.range({ host: HOST, metric: 'check.status', labels: { check: 'nginx' }, from: at(0), to: at(10), step: MIN });
    expect((series[0]?.points ?? []).filter((p) => p.v !== null)).toEqual([]);

    // The report, from the same stores: a real snapshot of this machine gives the host data.
    const collector = createCollector({ logger: silentLogger(), host: HOST });
    const snapshot = await collector.collect(at(5));
    await collector.close();
    await store.append(HOST, snapshotToPoints(snapshot));
    await hosts.recordSnapshot(snapshot);
    const engine = createTemplateEngine();
    const render = async (locale: 'en' | 'zh-CN') => {
      const request = ZReportRequest.parse({
        ...{
          id: `r-${locale}`,
          name: 'daily',
          title: 'Daily',
          template: 'host',
          hosts: [HOST],
          from: at(0),
          to: at(10),
          periodKind: 'custom',
          timezone: 'UTC',
          locale,
        },
        ...{ formats: ['html'], recipients: { to: [], cc: [], bcc: [] }, trigger: 'adhoc' },
      });
      const model = await buildReportModel({
        request,
        store,
        hosts,
        strings: engine.strings(locale),
        now: at(10),
        checks: reader,
        alerts: createAlertReader({ store: createAlertStore({ redis, prefix }), silences: createSilenceStore({ redis, prefix }) }),
      });
      expect(model.hosts[0]?.ops.availability.find((a) => a.check === 'nginx')?.status).toBe('unknown');
      return text(engine.render('layouts/host', model, { locale, timezone: 'UTC' }));
    };
    const en = await render('en');
    expect(en).toMatch(/nginx UNKNOWN — 0s 0s 0s 10m 1m 0 /);
    expect(en).toContain(`nginx: status unknown for 10m (${REASON}). That time is left out of availability, as gaps in the data are.`);
    expect(en).not.toMatch(/nginx (FAIL|OK)/);
    const zh = await render('zh-CN');
    expect(zh).toMatch(/nginx 未知 — /);
    expect(zh).toContain(`nginx：状态未知共 10分钟（${REASON}）。这段时间与数据缺口一样，不计入可用性。`);
  }, 60_000);
});
