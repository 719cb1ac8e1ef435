import { CronExpressionParser } from 'cron-parser';
import type { AppConfig } from '../../config/load-config.js';

/** Configured reports with their next run in their own zone; unscheduled ones run on demand only. */
export function schedules(config: AppConfig, now = Date.now()) {
  return Object.entries(config.reports)
    .map(([name, rc]) => {
      let next: number | null = null;
      if (rc.schedule) {
        try {
          next = CronExpressionParser.parse(rc.schedule, { tz: rc.timezone, currentDate: new Date(now) })
            .next()
            .getTime();
        } catch {
          next = null;
        }
      }
      const r = rc.recipients;
      return {
        name,
        title: rc.title ?? name,
        schedule: rc.schedule ?? null,
        timezone: rc.timezone,
        period: rc.period,
        template: rc.template,
        hosts: rc.hosts === 'all' ? 'all hosts' : rc.hosts.join(', '),
        recipients: [...r.to, ...r.cc, ...r.bcc].length,
        locale: rc.locale,
        next,
        // In the schedule's own zone: "07:00" is what the config says, whatever zone the console is in.
        nextLocal:
          next === null
            ? null
            : new Intl.DateTimeFormat('en', {
                weekday: 'short',
                day: 'numeric',
                month: 'short',
                hour: '2-digit',
                minute: '2-digit',
                hourCycle: 'h23',
                timeZone: rc.timezone,
              }).format(next),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
