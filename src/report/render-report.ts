import type { AppDeps } from '../app/deps.js';
import { sha256 } from '../archive/manifest-entry.js';
import { AppError } from '../shared/errors.js';
import { chartsAsPlaceholders, namedDestinationPages } from './pdf/pdf-destinations.js';
import { createFitCacheStore } from './fit-cache-store.js';
import { buildChanges, buildTrackRecord, loadPrevious } from './model/track-record.js';
import { buildReportModel, periodLabel } from './model/build-report-model.js';
import { roundTrip, sharedView } from './model/shared-view.js';
import type { ReportRequest } from './model/report-request.js';

export type RenderOutcome = { archiveId: string; reused: boolean };

/**
 * Collects the period's data, renders HTML and PDF, and archives them with a JSON record. If the
 * report was already archived (a retry after a crash), the archived copy is reused.
 */
export async function renderReport(opts: {
  deps: Pick<AppDeps, 'store' | 'hosts' | 'reports' | 'archive' | 'templates' | 'renderer' | 'config' | 'checkState' | 'alertReader' | 'redis' | 'forecaster'>;
  request: ReportRequest;
  progress: (pct: number) => Promise<void>;
  now?: number;
}): Promise<RenderOutcome> {
  const { deps, request: req } = opts;
  const record = await deps.reports.create(req);
  if (record.archiveId) return { archiveId: record.archiveId, reused: true };
  const unlock = await deps.reports.lock(req.id, deps.config.render.timeout * 3);
  if (!unlock) throw new AppError('REPORT_BUSY', `report ${req.id} is being rendered by another worker`);
  try {
    return await renderLocked(opts);
  } finally {
    await unlock();
  }
}

async function renderLocked(opts: Parameters<typeof renderReport>[0]): Promise<RenderOutcome> {
  const { deps, request: req } = opts;
  const existing = await deps.archive.findByReport(req.id);
  if (existing) {
    await deps.reports.update(req.id, { archiveId: existing.id, status: 'rendered', progress: 90 });
    return { archiveId: existing.id, reused: true };
  }

  await deps.reports.update(req.id, { status: 'collecting', progress: 5 });
  await opts.progress(5);
  const strings = deps.templates.strings(req.locale);
  const fits = createFitCacheStore({ redis: deps.redis, prefix: deps.config.redis.prefix });
  const { cache: fitCache, touched } = await fits.load();
  const model = await buildReportModel({
    request: req,
    store: deps.store,
    hosts: deps.hosts,
    strings,
    now: opts.now ?? Date.now(),
    onHost: async (done, total) => opts.progress(5 + Math.round((45 * done) / Math.max(total, 1))),
    cache: fitCache,
    forecaster: deps.forecaster,
    checks: deps.checkState,
    alerts: deps.alertReader,
    defaultIntervalMs: deps.config.agent.interval,
  });
  await fits.save(fitCache, touched);
  const hostIds = model.hosts.map((h) => h.id);
  const previous = await loadPrevious({ archive: deps.archive, name: req.name, reportId: req.id, hosts: hostIds, from: req.from });
  model.trackRecord = previous ? await buildTrackRecord({ previous, store: deps.store, to: req.to }) : null;
  model.changes = previous
    ? buildChanges({ previous, summary: model.summary, strings, previousPeriod: previous.entry.period ? periodLabel({ from: Date.parse(previous.entry.period.from), to: Date.parse(previous.entry.period.to), timezone: req.timezone, locale: req.locale }) : '' })
    : null;
  // Archived as it is and rendered from its JSON round trip: the PDF says what the mail will say.
  const shared = roundTrip(sharedView(model));
  const view = { ...model, ...shared };

  await deps.reports.update(req.id, { status: 'rendering', progress: 50 });
  await opts.progress(50);
  const loc = { locale: req.locale, timezone: req.timezone };
  if (req.template === 'fleet') view.tocPages = Object.fromEntries([['summary', 0], ['overview', 0], ...model.hosts.map((h) => [h.anchor, 0])].map(([k]) => [k, '00']));
  let html = deps.templates.render(req.template === 'fleet' ? 'layouts/fleet' : 'layouts/host', view, loc);
  const files: Record<string, Buffer> = {};
  if (req.formats.includes('pdf')) {
    const renderer = await deps.renderer();
    const scope = model.hosts.length === 1 ? (model.hosts[0]?.id ?? '') : `${strings['report.fleet'] ?? 'Fleet'} (${model.hosts.length})`;
    const pdfOf = async (page: string) =>
      (await renderer.render({ html: page, paper: deps.config.render.paper, title: model.meta.title, period: model.meta.periodLabel, scope, locale: req.locale, timeoutMs: deps.config.render.timeout, tagged: deps.config.render.accessiblePdf })).pdf;
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
    createdAt: new Date().toISOString(),
    request: req,
    model: shared,
    forecasts: model.hosts.flatMap((h) => h.forecasts.stored),
  };
  files.json = Buffer.from(JSON.stringify(record_, null, 2), 'utf8');
  const entry = await deps.archive.put({ reportId: req.id, name: req.name, period: { from: req.from, to: req.to }, hosts: record_.hosts, files });
  await deps.reports.update(req.id, {
    status: 'rendered',
    progress: 90,
    archiveId: entry.id,
    files: { pdf: deps.archive.filePath(entry, 'pdf') ?? undefined, html: deps.archive.filePath(entry, 'html') ?? undefined },
  });
  await deps.reports.log(req.id, { stage: 'rendered', detail: `${Object.keys(files).join(', ')} for ${record_.hosts.length} host(s)` });
  await deps.reports.log(req.id, { stage: 'archived', detail: `archive entry ${entry.id} (seq ${entry.seq})` });
  return { archiveId: entry.id, reused: false };
}
