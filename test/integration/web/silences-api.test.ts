import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateAlerts } from '../../../src/alert/evaluate.js';
import type { AlertDeps } from '../../../src/alert/evaluate.js';
import { plantHost } from '../../utils/plant-host.js';
import { getJson, postJson, startTestWeb, type TestWeb } from '../../utils/web-harness.js';

const TOKEN = 'silence-test-token-0123456789';
const basic = (user: string) => `Basic ${Buffer.from(`${user}:${TOKEN}`).toString('base64')}`;
const bearer = { authorization: `Bearer ${TOKEN}` };

// The silences API over real HTTP and Redis, and a real evaluation honouring what it created.
describe('silences API', () => {
  let web: TestWeb;

  beforeAll(async () => {
    web = await startTestWeb({
      env: { CHECKUP_API_TOKEN: TOKEN },
      raw: {
        alerts: {
          groupWait: 0,
          rules: [{ name: 'mem-high', type: 'metric', metric: 'mem.used_pct', threshold: 90 }],
          channels: { hook: { type: 'webhook', url: 'http://127.0.0.1:9/never-called' } },
        },
      },
    });
  });
  afterAll(async () => web?.close());

  it('creates a silence (201, Location), lists it, and an evaluation mutes what it matches and records it', async () => {
    const res = await postJson(
      `${web.url}/api/silences`,
      { matchers: ['host=db-7', { name: 'rule', op: '=~', value: 'mem-.*' }], duration: '2h', comment: 'disk swap <b>tonight</b>' },
      { authorization: basic('alice') },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const silence = res.body.silence as { id: string; createdBy: string; state: string; to: number; from: number };
    expect(res.headers.get('location')).toBe(`/api/silences/${silence.id}`);
    // No createdBy in the body: the Basic auth user name is who silenced.
    expect(silence).toMatchObject({
      createdBy: 'alice',
      state: 'active',
      comment: 'disk swap <b>tonight</b>',
      matchers: [
        { name: 'host', op: '=', value: 'db-7' },
        { name: 'rule', op: '=~', value: 'mem-.*' },
      ],
    });
    expect(silence.to - silence.from).toBe(7_200_000);

    await plantHost(web.rt.deps, { host: 'db-7', count: 1, stepMs: 1_000, mem: () => 97 });
    await plantHost(web.rt.deps, { host: 'db-8', count: 1, stepMs: 1_000, mem: () => 97 });
    const enqueued: string[] = [];
    const deps: AlertDeps = { ...web.rt.deps, enqueue: async (_name, payload) => (enqueued.push(payload.channel), 'job') };
    const out = await evaluateAlerts({ deps });
    expect(out.fired).toBe(2);
    // db-8 is announced, db-7 is not.
    expect(out.notifications).toHaveLength(1);
    const one = await getJson(`${web.url}/api/silences/${silence.id}`, { headers: bearer });
    expect(one.status).toBe(200);
    expect(one.body.muted).toMatchObject([{ alert: 'mem-high/db-7', kind: 'firing' }]);
    const listed = await getJson(`${web.url}/api/silences?state=active`, { headers: bearer });
    expect((listed.body.silences as Array<{ id: string }>).map((s) => s.id)).toContain(silence.id);
    expect((await getJson(`${web.url}/api/silences?state=expired`, { headers: bearer })).body.silences).toEqual([]);
  });

  it('answers bad input with 400 naming the field, a non-JSON body with 415', async () => {
    const base = { matchers: ['host=web-1'], duration: '1h', comment: 'c', createdBy: 'bob' };
    const cases: Array<[unknown, string]> = [
      [{ ...base, matchers: ['host~web'] }, 'matchers.0'],
      [{ ...base, matchers: ['rule=~(a+)+$'] }, 'matchers.0'],
      [{ ...base, matchers: ['host!=x'] }, 'matchers'],
      [{ ...base, duration: '100d' }, 'duration'],
      [{ ...base, duration: 'soon' }, 'duration'],
      [{ ...base, comment: '' }, 'comment'],
      [{ ...base, createdBy: undefined }, 'createdBy'],
      [{ ...base, endsAt: 'tomorrow', duration: undefined }, 'endsAt'],
      [{ ...base, admin: true }, 'admin'],
      ['[1,2', 'body'],
    ];
    for (const [body, field] of cases) {
      const res = await postJson(`${web.url}/api/silences`, body, bearer);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body, JSON.stringify(body)).toMatchObject({ error: 'bad_request', field });
    }
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const res = await fetch(`${web.url}/api/silences`, { method: 'POST', headers: { ...bearer, 'content-type': type }, body: 'matchers=host%3Dx' });
      expect(res.status, type).toBe(415);
      expect(((await res.json()) as { error: string }).error).toBe('unsupported_media_type');
    }
    // And without the token nothing is written at all.
    expect((await postJson(`${web.url}/api/silences`, base)).status).toBe(401);
  });

  it('expires a silence once, recording who did it; unknown ids are 404, malformed ones 400', async () => {
    const created = await postJson(
      `${web.url}/api/silences`,
      { matchers: ['check=pg'], duration: '30m', comment: 'failover test', createdBy: 'carol' },
      bearer,
    );
    const id = (created.body.silence as { id: string }).id;
    const noBy = await getJson(`${web.url}/api/silences/${id}`, { method: 'DELETE', headers: bearer });
    expect(noBy.status).toBe(400);
    expect(noBy.body.field).toBe('query.by');
    const gone = await getJson(`${web.url}/api/silences/${id}?by=dave`, { method: 'DELETE', headers: bearer });
    expect(gone.status).toBe(200);
    expect(gone.body.silence).toMatchObject({ id, state: 'expired', expiredBy: 'dave', createdBy: 'carol' });
    const again = await getJson(`${web.url}/api/silences/${id}`, { method: 'DELETE', headers: { authorization: basic('erin') } });
    expect(again.status).toBe(409);
    expect((await getJson(`${web.url}/api/silences/${id}`, { headers: bearer })).body).toMatchObject({ state: 'expired', expiredBy: 'dave' });
    expect((await getJson(`${web.url}/api/silences/00000000-0000-4000-8000-000000000000`, { headers: bearer })).status).toBe(404);
    expect((await getJson(`${web.url}/api/silences/00000000-0000-4000-8000-000000000000?by=x`, { method: 'DELETE', headers: bearer })).status).toBe(404);
    const bad = await getJson(`${web.url}/api/silences/..%2Fetc`, { headers: bearer });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('id');
  });
});
