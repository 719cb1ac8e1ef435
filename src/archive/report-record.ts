import { z } from 'zod';
import { AppError } from '../shared/errors.js';

/**
 * The JSON record archived beside each report's PDF and HTML: what the mail is rendered from and
 * what the next report compares itself with. The schema checks the envelope and every part code
 * reads; the rest of the model is passed through for the templates, as written.
 */
const ZIssue = z.looseObject({ key: z.string().optional(), text: z.string(), severity: z.string() });
const ZOverviewHost = z.looseObject({ id: z.string() });

export const ZReportRecordModel = z.looseObject({
  meta: z.looseObject({ id: z.string(), name: z.string(), title: z.string(), periodLabel: z.string(), locale: z.string(), timezone: z.string() }),
  summary: z.looseObject({ score: z.number().nullable(), issues: z.array(ZIssue) }),
  overview: z.array(ZOverviewHost).optional(),
  /** Records archived before the overview had its own key kept it under `hosts`. */
  hosts: z.array(ZOverviewHost).optional(),
});

// JSON writes a non-finite number as null: it reads back as NaN, which counts as no value when
// the forecast is scored, rather than as the zero arithmetic would make of null.
const band = z.array(z.number().nullable()).transform((a) => a.map((v) => v ?? Number.NaN));
export const ZStoredForecastRecord = z.object({
  seriesId: z.string(),
  model: z.string(),
  madeAt: z.number(),
  horizon: z.number(),
  timestamps: z.array(z.number()),
  mean: band,
  lo80: band,
  hi80: band,
  lo95: band,
  hi95: band,
});

export const ZReportRecord = z.object({
  id: z.string(),
  name: z.string(),
  period: z.object({ from: z.string(), to: z.string(), timezone: z.string() }),
  hosts: z.array(z.string()),
  files: z.record(z.string(), z.object({ sha256: z.string(), bytes: z.number() })),
  createdAt: z.string(),
  request: z.looseObject({ id: z.string(), name: z.string() }),
  model: ZReportRecordModel,
  forecasts: z.array(ZStoredForecastRecord).optional(),
});

export type TReportRecord = z.infer<typeof ZReportRecord>;

/** The writer's side: what readers will read back is checked first, so a record no reader could read is never archived. */
export function encodeReportRecord(record: z.input<typeof ZReportRecord>): Buffer {
  const text = JSON.stringify(record, null, 2);
  const checked = ZReportRecord.safeParse(JSON.parse(text));
  if (!checked.success) throw recordError(record.id, checked.error);
  return Buffer.from(text, 'utf8');
}

/** The readers' side: a record that is not JSON or not this shape fails with ARCHIVE_RECORD_INVALID, saying where. */
export function decodeReportRecord(bytes: Buffer, entryId: string): TReportRecord {
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new AppError('ARCHIVE_RECORD_INVALID', `archive entry ${entryId}: the JSON record is not JSON (${(err as Error).message})`);
  }
  const parsed = ZReportRecord.safeParse(raw);
  if (!parsed.success) throw recordError(entryId, parsed.error);
  return parsed.data;
}

function recordError(entryId: string, error: z.ZodError): AppError {
  const issues = error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`);
  return new AppError('ARCHIVE_RECORD_INVALID', `archive entry ${entryId}: the JSON record is invalid: ${issues.join('; ')}`);
}
