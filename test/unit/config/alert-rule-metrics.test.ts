import { describe, expect, it } from 'vitest';
import { METRIC_DEFS } from '../../../src/metrics/index.js';
import { configIssues as issuesOf, parseTestConfig as parse } from '../../utils/config-issues.js';

const metricRule = (name: string, metric: string) => ({ name, type: 'metric', metric, threshold: 90 });
const forecastRule = (name: string, metric: string) => ({ name, type: 'forecast', metric, threshold: 90, within: '7d' });

describe('alert rules name catalogue metrics', () => {
  it('rejects an unknown metric with its path, its value and the names a metric rule can read', () => {
    const rules = [metricRule('a', 'cpu.total'), metricRule('b', 'mem.used_pct'), metricRule('c', 'cpu.usr')];
    const [line, ...rest] = issuesOf({ alerts: { rules } });
    expect(rest).toEqual([]);
    expect(line).toMatch(/^alerts\.rules\.2\.metric: unknown metric "cpu\.usr" \(known: cpu\.total, cpu\.user, cpu\.system, /);
    const known = line!.slice(line!.indexOf('(known: ') + 8, -1).split(', ');
    expect(known).toContain('disk.used_pct');
    expect(known).toContain('temp.celsius');
    // Not readable by a metric rule: not stored (idle), or not from snapshots (check series).
    expect(known).not.toContain('cpu.idle');
    expect(known).not.toContain('check.status');
  });

  it('rejects an unknown metric in a forecast rule, and names that were never valid', () => {
    expect(issuesOf({ alerts: { rules: [forecastRule('f', 'disk.usedpct')] } })).toEqual([
      expect.stringMatching(/^alerts\.rules\.0\.metric: unknown metric "disk\.usedpct" \(known: /),
    ]);
    expect(issuesOf({ alerts: { rules: [metricRule('m', 'CPU')] } })).toEqual([expect.stringMatching(/^alerts\.rules\.0\.metric: unknown metric "CPU"/)]);
  });

  it('says why a known metric does not fit the rule type', () => {
    expect(issuesOf({ alerts: { rules: [metricRule('m', 'check.status')] } })).toEqual([
      'alerts.rules.0.metric: metric "check.status" comes from check results, not snapshots: use a forecast rule or a check rule',
    ]);
    expect(issuesOf({ alerts: { rules: [forecastRule('f', 'cpu.idle')] } })).toEqual([
      'alerts.rules.0.metric: metric "cpu.idle" is exported to Prometheus but not stored, so forecast rules cannot read it',
    ]);
  });

  it('accepts every stored catalogue metric in a forecast rule and every stored snapshot metric in a metric rule', () => {
    const stored = METRIC_DEFS.filter((d) => d.stored !== false);
    const snapshot = stored.filter((d) => d.source === 'snapshot');
    expect(snapshot.length).toBeGreaterThan(30);
    const rules = [...stored.map((d, i) => forecastRule(`f${i}`, d.name)), ...snapshot.map((d, i) => metricRule(`m${i}`, d.name))];
    const config = parse({ alerts: { rules } });
    expect(config.alerts.rules.map((r) => (r.type === 'check' ? null : r.metric))).toEqual([...stored, ...snapshot].map((d) => d.name));
  });
});
