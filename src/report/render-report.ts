import type { AppDeps } from '../app/deps.js';
import { sha256 } from '../archive/manifest-entry.js';
import { encodeReportRecord } from '../archive/report-record.js';
import { chartsAsPlaceholders, namedDestinationPages } from './pdf/pdf-destinations.js';
import { buildChanges, buildTrackRecord, loadPrevious } from './model/track-record.js';
import { buildReportModel, periodLabel } from './model/build-report-model.js';
import { roundTrip, sharedView } from './model/shared-view.js';
import type { ReportRequest } from './model/report-request.js';
import { acquireRenderLease, type JobFence } from './render-lease.js';

export type RenderOutcome = { archiveId: string; reused: boolean };

/**
 * Collects the period's data, renders HTML and PDF, and archives them with a JSON record. If the
 * report was already archived (a retry after a crash), the archived copy is reused.
 */
export async function renderReport(opts: {
  deps: Pick<
    AppDeps,
    | 'store'
    | 'hosts'
    | 'reports'
    | 'archive'
    | 'templates'
    | 'renderer'
    | 'config'
    | 'checkState'
    | 'alertReader'
    | 'leases'
    | 'fitCache'
    | 'forecaster'
    | 'log'
    | 'logs'
  > &
    Partial<Pick<AppDeps, 'checkpoint' | 'security'>>;
  request: ReportRequest;
  progress: (pct: number) => Promise<void>;
  now?: number;
  /** The BullMQ job lock this render runs under: a retry of the job recognises a dead holder by it at once. */
  fence?: JobFence;
}): Promise<RenderOutcome> {
  const { deps, request: req } = opts;
  const record = await deps.reports.create(req);
  if (record.archiveId) return { archiveId: record.archiveId, reused: true };
  // A live holder's render ends within about three render timeouts (collect, two passes); then
  // its archived copy is reused here. A dead holder is recognised within seconds.
  const lease = await acquireRenderLease({
    leases: deps.leases,
    key: deps.reports.leaseKey(req.id),
    ttlMs: deps.config.render.leaseTtl,
    waitMs: deps.config.render.timeout * 3,
    fence: opts.fence,
    log: deps.log,
    what: req.id,
  });
  try {
    return await renderLeased({ ...opts, assertHeld: lease.assertHeld });
  } finally {
    await lease.release();
  }
}

async function renderLeased(opts: Parameters<typeof renderReport>[0] & { assertHeld: () => Promise<void> }): Promise<RenderOutcome> {
  const { deps, request: req } = opts;
  const existing = await deps.archive.findByReport(req.id);
  if (existing) {
    // Appended by a worker that died before it could anchor it (or did): anchored now, by us.
    await deps.archive.anchor(existing);
    await deps.reports.update(req.id, { archiveId: existing.id, status: 'rendered', progress: 90 });
    return { archiveId: existing.id, reused: true };
  }

  await deps.reports.update(req.id, { status: 'collecting', progress: 5 });
  await opts.progress(5);
  const strings = deps.templates.strings(req.locale);
  const fits = deps.fitCache;
  const { cache: fitCache, touched } = await fits.load();
  let collecting = false;
  const model = await buildReportModel({
    request: req,
    store: deps.store,
    hosts: deps.hosts,
    strings,
    now: opts.now ?? Date.now(),
    onHost: async (done, total) => {
      await opts.progress(5 + Math.round((45 * done) / Math.max(total, 1)));
      // After the first batch of hosts: the model is half built, the lease held.
      if (!collecting) await deps.checkpoint?.('render:collecting');
      collecting = true;
    },
    cache: fitCache,
    forecaster: deps.forecaster,
    checks: deps.checkState,
    alerts: deps.alertReader,
    logs: deps.logs,
    defaultIntervalMs: deps.config.agent.interval,
    ...(deps.security ? { security: deps.security } : {}),
  });
  await fits.save(fitCache, touched);
  const hostIds = model.hosts.map((h) => h.id);
  const previous = await loadPrevious({ archive: deps.archive, name: req.name, reportId: req.id, hosts: hostIds, from: req.from });
  model.trackRecord = previous ? await buildTrackRecord({ previous, store: deps.store, to: req.to }) : null;
  model.changes = previous
    ? buildChanges({
        previous,
        summary: model.summary,
        strings,
        previousPeriod: previous.entry.period
          ? periodLabel({ from: Date.parse(previous.entry.period.from), to: Date.parse(previous.entry.period.to), timezone: req.timezone, locale: req.locale })
          : '',
      })
    : null;
  // Archived as it is and rendered from its JSON round trip: the PDF says what the mail will say.
  const shared = roundTrip(sharedView(model));
  const view = { ...model, ...shared };

  await deps.reports.update(req.id, { status: 'rendering', progress: 50 });
  await opts.progress(50);
  const loc = { locale: req.locale, timezone: req.timezone };
  if (req.template === 'fleet')
    view.tocPages = Object.fromEntries([['summary', 0], ['overview', 0], ...model.hosts.map((h) => [h.anchor, 0])].map(([k]) => [k, '00']));
  let html = deps.templates.render(req.template === 'fleet' ? 'layouts/fleet' : 'layouts/host', view, loc);
  const files: Record<string, Buffer> = {};
  if (req.formats.includes('pdf')) {
    const renderer = await deps.renderer();
    const scope = model.hosts.length === 1 ? (model.hosts[0]?.id ?? '') : `${strings['report.fleet'] ?? 'Fleet'} (${model.hosts.length})`;
    const pdfOf = async (page: string) =>
      (
        await renderer.render({
          html: page,
          paper: deps.config.render.paper,
          title: model.meta.title,
          period: model.meta.periodLabel,
          scope,
          locale: req.locale,
          timeoutMs: deps.config.render.timeout,
          tagged: deps.config.render.accessiblePdf,
        })
      ).pdf;
    if (req.template === 'fleet') {
      // Pass 1 only learns where each section starts: charts become empty boxes of the same
      // aspect ratio (identical layout, a fraction of the work) and the contents show
      // same-width placeholders. Pass 2 prints the real thing with real page numbers.
      view.tocPages = await namedDestinationPages(await pdfOf(chartsAsPlaceholders(html)));
      html = deps.templates.render('layouts/fleet', view, loc);
    }
    files.pdf = await pdfOf(html);
  }
  if (req.formats.includes('html')) files.html = Buffer.from(html, 'utf8');
  await opts.progress(85);

  await deps.reports.update(req.id, { status: 'archiving', progress: 85 });
  const record_ = {
    id: req.id,
    name: req.name,
    period: { from: new Date(req.from).toISOString(), to: new Date(req.to).toISOString(), timezone: req.timezone },
    hosts: hostIds,
    files: Object.fromEntries(Object.entries(files).map(([k, v]) => [k, { sha256: sha256(v), bytes: v.length }])),
    createdAt: new Date(Date.now()).toISOString(),
    request: req,
    model: shared,
    forecasts: model.hosts.flatMap((h) => h.forecasts.stored),
  };
  files.json = encodeReportRecord(record_);
  // A worker presumed dead (and replaced) must not archive; put() is idempotent per report as well.
  await opts.assertHeld();
  const entry = await deps.archive.put({ reportId: req.id, name: req.name, period: { from: req.from, to: req.to }, hosts: record_.hosts, files });
  await deps.reports.update(req.id, {
    status: 'rendered',
    progress: 90,
    archiveId: entry.id,
    files: { pdf: deps.archive.fileLocation(entry, 'pdf') ?? undefined, html: deps.archive.fileLocation(entry, 'html') ?? undefined },
  });
  // Several workers on several machines share one Redis and archive: the ledger says which rendered it.
  const worker = `${deps.config.hostId} pid ${process.pid}`;
  await deps.reports.log(req.id, { stage: 'rendered', detail: `${Object.keys(files).join(', ')} for ${record_.hosts.length} host(s) by worker ${worker}` });
  await deps.reports.log(req.id, {
    stage: 'archived',
    detail: `archive entry ${entry.id} (seq ${entry.seq}) at ${deps.archive.fileLocation(entry, 'json') ?? '-'}`,
  });
  deps.log.info({ report: req.id, worker, archiveEntry: entry.id, seq: entry.seq }, 'report rendered and archived');
  return { archiveId: entry.id, reused: false };
}
