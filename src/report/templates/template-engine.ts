import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { helpers, type RenderLocale } from './helpers.js';
import { TemplateError, templateErrorFrom } from './template-error.js';

export type TemplateName = 'layouts/host' | 'layouts/fleet' | 'email/body' | 'email/text';

export type TemplateEngine = {
  /** Renders a layout; throws TemplateError naming the file (and line) on any template fault. */
  render(name: TemplateName, context: Record<string, unknown>, locale: { locale: string; timezone: string }): string;
  strings(locale: string): Record<string, string>;
  css(): string;
};

export const BUILTIN_TEMPLATES = fileURLToPath(new URL('../../../templates/', import.meta.url)).replace(/dist\/templates\/$/, 'templates/');

type Compiled = { file: string; fn?: HandlebarsTemplateDelegate; error?: TemplateError };

/**
 * Loads every template, partial, locale and stylesheet once at start-up and compiles them, so a
 * render does no file I/O. Files in `userDir` override built-ins with the same relative path. A
 * broken user file does not stop the process: reports that use it fail with its file and line.
 */
export function createTemplateEngine(opts: { userDir?: string; builtinDir?: string } = {}): TemplateEngine {
  const hb = Handlebars.create();
  for (const [name, fn] of Object.entries(helpers)) hb.registerHelper(name, fn);
  const files = collectFiles(opts.builtinDir ?? BUILTIN_TEMPLATES, opts.userDir);
  const partialErrors = new Map<string, TemplateError>();
  for (const [rel, file] of files) {
    if (!rel.startsWith('partials/') || !rel.endsWith('.hbs')) continue;
    const name = rel.slice('partials/'.length, -'.hbs'.length);
    const source = readFileSync(file, 'utf8');
    try {
      hb.parse(source);
      hb.registerPartial(name, source);
    } catch (err) {
      partialErrors.set(name, templateErrorFrom(file, err));
    }
  }
  const compiled = new Map<string, Compiled>();
  for (const [rel, file] of files) {
    if (!rel.endsWith('.hbs') || rel.startsWith('partials/')) continue;
    const source = readFileSync(file, 'utf8');
    try {
      hb.parse(source);
      // Plain-text mail must not HTML-escape "&" into "&amp;".
      const fn = hb.compile(source, { noEscape: rel.startsWith('email/text'), strict: false });
      compiled.set(rel.slice(0, -'.hbs'.length), { file, fn });
    } catch (err) {
      compiled.set(rel.slice(0, -'.hbs'.length), { file, error: templateErrorFrom(file, err) });
    }
  }
  const locales = new Map<string, Record<string, string>>();
  for (const [rel, file] of files) {
    if (!rel.startsWith('locales/') || !rel.endsWith('.json')) continue;
    locales.set(rel.slice('locales/'.length, -'.json'.length), JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>);
  }
  const cssFile = files.get('styles/report.css');
  const css = cssFile ? readFileSync(cssFile, 'utf8') : '';
  const strings = (locale: string) => ({ ...(locales.get('en') ?? {}), ...(locales.get(locale) ?? {}) });

  return {
    strings,
    css: () => css,
    render(name, context, loc) {
      const entry = compiled.get(name);
      if (!entry) throw new TemplateError({ file: `${name}.hbs`, line: null, message: 'template not found' });
      if (entry.error) throw entry.error;
      const broken = [...partialErrors.values()][0];
      if (broken) throw broken;
      const l: RenderLocale = { locale: loc.locale, timezone: loc.timezone, strings: strings(loc.locale) };
      try {
        return entry.fn!({ ...context, css, _l: l });
      } catch (err) {
        throw templateErrorFrom(entry.file, err);
      }
    },
  };
}

/** Relative path → absolute file; user files replace built-ins. */
function collectFiles(builtinDir: string, userDir?: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const dir of [builtinDir, userDir]) {
    if (!dir || !existsSync(dir)) continue;
    for (const file of walk(dir)) out.set(relative(dir, file).split('\\').join('/'), file);
  }
  return out;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}
