import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DYNAMIC_KEYS } from '../../../src/report/templates/locale-keys.js';

const load = (l: string) => JSON.parse(readFileSync(`templates/locales/${l}.json`, 'utf8')) as Record<string, string>;
const en = load('en');
const zh = load('zh-CN');

/** Values that are the same in both languages on purpose: proper nouns, units, pure formats. */
const SAME_IN_BOTH = new Set(['proc.pid', 'proc.cpu', 'track.mape', 'email.subject', 'chart.unitPct']);

const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
const namespaces = new Set(Object.keys(en).map((k) => k.split('.')[0]));

/** Every key a report template asks for ({{t "x"}} and (t "x")), and every key-shaped literal in report code. */
function usedKeys(): Map<string, string> {
  const used = new Map<string, string>();
  for (const file of walk('templates').filter((f) => f.endsWith('.hbs') && !f.includes('/web/'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\(?\btn? "([^"]+)"/g)) used.set(m[1]!, file);
  }
  for (const file of [...walk('src/report'), ...walk('src/deliver')].filter((f) => f.endsWith('.ts'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/'([a-z]+\.[A-Za-z0-9.]+)'/g)) {
      if (namespaces.has(m[1]!.split('.')[0]!)) used.set(m[1]!, file);
    }
  }
  for (const k of DYNAMIC_KEYS) used.set(k, 'src/report/templates/locale-keys.ts');
  return used;
}

/** `key.one` (a plural variant, see plural.ts) is used when `key` is; a locale carries only its own categories. */
const PLURAL = /\.(zero|one|two|few|many)$/;
const pluralBase = (k: string) => k.replace(PLURAL, '');
function pluralVariantsOutside(strings: Record<string, string>, locale: string): string[] {
  const categories: string[] = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
  return Object.keys(strings).filter((k) => PLURAL.test(k) && !categories.includes(k.match(PLURAL)![1]!));
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('report locales', () => {
  const used = usedKeys();

  it('have every key the templates and the code use, in both languages', () => {
    const missing = [...used].flatMap(([k, where]) => [...(k in en ? [] : [`en: ${k} (${where})`]), ...(k in zh ? [] : [`zh-CN: ${k} (${where})`])]);
    expect(missing).toEqual([]);
  });

  it('hold no key nothing uses, and the same keys in both', () => {
    expect(Object.keys(en).filter((k) => !used.has(pluralBase(k)) || !(pluralBase(k) in en))).toEqual([]);
    expect(pluralVariantsOutside(en, 'en')).toEqual([]);
    expect(pluralVariantsOutside(zh, 'zh-CN')).toEqual([]);
    // Plural variants follow each language's grammar (zh-CN has none); every other key is in both.
    const plain = (l: Record<string, string>) =>
      Object.keys(l)
        .filter((k) => !PLURAL.test(k))
        .sort();
    expect(plain(zh)).toEqual(plain(en));
  });

  it('translate every string (apart from a short list of intentional equals) with the same placeholders', () => {
    const untranslated = Object.keys(en).filter((k) => zh[k] === en[k] && !SAME_IN_BOTH.has(k));
    expect(untranslated).toEqual([]);
    // Chinese text has no run of three Latin words: an English sentence left in place shows as one.
    const english = Object.entries(zh).filter(
      ([k, v]) => !SAME_IN_BOTH.has(k) && /\b[A-Za-z]{2,}\s+[A-Za-z]{2,}\s+[A-Za-z]{2,}\b/.test(v.replace(/`[^`]*`|\{\w+\}/g, '')),
    );
    expect(english).toEqual([]);
    const mismatched = Object.keys(en).filter((k) => k in zh && placeholders(en[k]!).join() !== placeholders(zh[k]!).join());
    expect(mismatched).toEqual([]);
  });
});
