import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { helpers, type RenderLocale } from '../../report/templates/helpers.js';
import { STYLES, WEB_TEMPLATES } from './paths.js';
import { webHelpers } from './web-helpers.js';

export type ViewEngine = {
  /** Renders templates/web/pages/<name>.hbs inside the layout. */
  page(name: string, context: Record<string, unknown>): string;
  /** The console stylesheet: the report's styles, then the console's own. */
  css(): string;
  /** A file from templates/web/assets, or null. */
  asset(name: string): string | null;
};

/**
 * The console's pages are Handlebars like the reports, with the same helpers, so numbers, dates
 * and badges read the same in a PDF and on screen. Everything is compiled once at start.
 */
export function createViewEngine(opts: { timezone: string; strings: Record<string, string>; dir?: string }): ViewEngine {
  const dir = opts.dir ?? WEB_TEMPLATES;
  const hb = Handlebars.create();
  for (const [name, fn] of Object.entries({ ...helpers, ...webHelpers })) hb.registerHelper(name, fn);
  for (const file of listHbs(join(dir, 'partials'))) hb.registerPartial(file.name, readFileSync(file.path, 'utf8'));
  hb.registerPartial('layout', readFileSync(join(dir, 'layout.hbs'), 'utf8'));
  const pages = new Map(listHbs(join(dir, 'pages')).map((f) => [f.name, hb.compile(readFileSync(f.path, 'utf8'), { strict: false })]));
  const css = ['report.css', 'web.css'].map((f) => readFileSync(join(STYLES, f), 'utf8')).join('\n');
  const assets = new Map(readdirSync(join(dir, 'assets')).map((f) => [f, readFileSync(join(dir, 'assets', f), 'utf8')]));
  const l: RenderLocale = { locale: 'en', timezone: opts.timezone, strings: opts.strings };
  return {
    page(name, context) {
      const fn = pages.get(name);
      if (!fn) throw new Error(`no console page "${name}"`);
      return fn({ ...context, _l: l, now: Date.now(), timezone: opts.timezone });
    },
    css: () => css,
    asset: (name) => assets.get(name) ?? null,
  };
}

function listHbs(dir: string): Array<{ name: string; path: string }> {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.hbs'))
    .map((f) => ({ name: f.slice(0, -'.hbs'.length), path: join(dir, f) }));
}
