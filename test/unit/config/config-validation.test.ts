import { describe, expect, it } from 'vitest';
import { configIssues, parseTestConfig } from '../../utils/config-issues.js';

const parse = parseTestConfig;
const issuesOf = configIssues;

describe('config validation', () => {
  it('accepts an empty file and fills working defaults', () => {
    const c = parse({});
    expect(c.redis.url).toBe('redis://127.0.0.1:6379');
    expect(c.redis.prefix).toBe('checkup');
    expect(c.agent.interval).toBe(10_000);
    expect(c.retention).toEqual({ raw: 2 * 86_400_000, minute: 35 * 86_400_000, hour: 400 * 86_400_000 });
    expect(c.paths.archive).toBe('/srv/checkup/data/archive');
    expect(c.paths.outbox).toBe('/srv/checkup/data/outbox');
    expect(c.reports.daily?.schedule).toBe('0 7 * * *');
  });

  it('defaults to a daily report and a weekly fleet report, Monday 08:00 in the local time zone', () => {
    // Node follows a changed TZ at once; a zone other than UTC shows the default is not UTC by accident.
    const saved = process.env.TZ;
    process.env.TZ = 'Asia/Shanghai';
    try {
      const c = parse({});
      expect(Object.keys(c.reports).sort()).toEqual(['daily', 'weekly']);
      expect(c.reports.weekly).toMatchObject({ template: 'fleet', period: 'week', schedule: '0 8 * * 1', timezone: 'Asia/Shanghai', hosts: 'all' });
      expect(c.reports.daily).toMatchObject({ period: 'day', schedule: '0 7 * * *', timezone: 'Asia/Shanghai' });
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
    // A config that names its own reports gets exactly those.
    expect(Object.keys(parse({ reports: { nightly: { period: 'day' } } }).reports)).toEqual(['nightly']);
  });

  it('names the path and value of a bad cron expression', () => {
    expect(issuesOf({ reports: { daily: { schedule: '61 * * * *' } } })).toEqual([
      expect.stringMatching(/^reports\.daily\.schedule: invalid cron expression "61 \* \* \* \*"/),
    ]);
  });

  it('lists every problem at once, each with its path', () => {
    const issues = issuesOf({
      redis: { url: 'http://localhost' },
      agent: { interval: 'often' },
      reports: { weekly: { schedule: '0 7 * *', timezone: 'Mars/Olympus', period: 'fortnight', recipients: { to: ['not-an-address'] }, locale: 'fr' } },
      mail: { maxMessageBytes: 'huge' },
    });
    const paths = issues.map((l) => l.split(':')[0]);
    expect(paths).toEqual(
      expect.arrayContaining([
        'redis.url',
        'agent.interval',
        'reports.weekly.schedule',
        'reports.weekly.timezone',
        'reports.weekly.period',
        'reports.weekly.recipients.to.0',
        'reports.weekly.locale',
        'mail.maxMessageBytes',
      ]),
    );
    expect(issues).toHaveLength(8);
    expect(issues.find((l) => l.startsWith('agent.interval'))).toContain('"often"');
    expect(issues.find((l) => l.startsWith('reports.weekly.timezone'))).toContain('"Mars/Olympus"');
    expect(issues.find((l) => l.startsWith('reports.weekly.period'))).toContain('"fortnight"');
    expect(issues.find((l) => l.startsWith('reports.weekly.recipients'))).toContain('"not-an-address"');
  });

  it('rejects unknown keys at any depth', () => {
    expect(issuesOf({ colour: 'blue', reports: { daily: { shedule: '0 7 * * *' } } }).sort()).toEqual([
      'colour: unknown key',
      'reports.daily.shedule: unknown key',
    ]);
  });

  it('rejects report names and host ids that cannot be keys', () => {
    expect(issuesOf({ reports: { 'bad name!': {} } })[0]).toMatch(/^reports\.bad name!/);
    expect(issuesOf({ host: { id: '../etc' } })[0]).toMatch(/^host\.id: /);
  });

  it('lets the environment override connections and secrets, and blames the variable', () => {
    const c = parse(
      { redis: { url: 'redis://a:6379' } },
      { REDIS_URL: 'redis://b:6380', SMTP_URL: 'smtps://u:p@mail:465', CHECKUP_DATA_DIR: '/var/lib/checkup', CHECKUP_API_TOKEN: 'x'.repeat(32) },
    );
    expect(c.redis.url).toBe('redis://b:6380');
    expect(c.mail.smtpUrl).toBe('smtps://u:p@mail:465');
    expect(c.paths.data).toBe('/var/lib/checkup');
    expect(c.web.token).toHaveLength(32);
    expect(issuesOf({}, { SMTP_URL: 'http://mail' })[0]).toMatch(/^SMTP_URL \(mail\.smtpUrl\): /);
  });

  it('refuses a document that is not a mapping', () => {
    expect(issuesOf(['a', 'b'])[0]).toMatch(/expected a mapping/);
  });
});
