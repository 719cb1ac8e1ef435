import { renderBarChart } from '../../charts/bar-chart.js';
import { interpolate } from '../../templates/helpers.js';
import { dailyCounts, HOUR_MS, type HourCount } from './log-stats.js';

/** Periods up to this long are drawn per hour; longer ones per local day. */
const HOURLY_UP_TO = 2 * 24 * HOUR_MS;

/** Errors and warnings per hour (daily reports) or per day (weekly and longer); null when nothing was read. */
export function logsChart(o: {
  hours: HourCount[];
  from: number;
  to: number;
  timezone: string;
  locale: string;
  strings: Record<string, string>;
}): string | null {
  if (!o.hours.some((h) => h.total !== null)) return null;
  const hourly = o.to - o.from <= HOURLY_UP_TO;
  const slots = hourly ? o.hours : dailyCounts(o.hours, o.timezone);
  const label = new Intl.DateTimeFormat(
    o.locale,
    hourly
      ? { timeZone: o.timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
      : { timeZone: o.timezone, weekday: 'short', month: 'numeric', day: 'numeric' },
  );
  const say = (k: string) => interpolate(o.strings[k] ?? k, {});
  return renderBarChart({
    title: say(hourly ? 'logs.chartHourly' : 'logs.chartDaily'),
    categories: slots.map((s) => label.format(new Date(s.t))),
    series: [
      { name: say('logs.errors'), color: '#dc2626', values: slots.map((s) => s.errors) },
      { name: say('logs.warnings'), color: '#f59e0b', values: slots.map((s) => s.warnings) },
    ],
    locale: o.locale,
  });
}
