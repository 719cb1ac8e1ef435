import { z } from 'zod';
import { ZEmail, ZId } from '../../config/primitives.js';

/**
 * Everything needed to render one report, fixed when it is requested so a retry renders the same
 * report. It holds ids, a period and recipients only: no secrets, no rendered output.
 */
export const ZReportRequest = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/),
  name: ZId,
  title: z.string().max(200),
  template: z.enum(['host', 'fleet']),
  hosts: z.union([z.literal('all'), z.array(ZId).min(1)]),
  from: z.number().int(),
  to: z.number().int(),
  periodKind: z.enum(['day', 'week', 'month', 'custom']),
  timezone: z.string(),
  locale: z.enum(['en', 'zh-CN']),
  formats: z.array(z.enum(['pdf', 'html'])).min(1),
  recipients: z.strictObject({ to: z.array(ZEmail), cc: z.array(ZEmail), bcc: z.array(ZEmail) }),
  /** "schedule" or "adhoc": shown in the ledger. */
  trigger: z.enum(['schedule', 'adhoc']),
  /** Interfaces shown even when idle; optional so requests queued before it existed stay valid. */
  showIdleInterfaces: z.array(z.string().max(15)).max(100).optional(),
});

export type ReportRequest = z.infer<typeof ZReportRequest>;
