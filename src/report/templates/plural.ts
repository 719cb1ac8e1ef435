/**
 * Count-dependent strings. A locale string `key` is the general ("other") form; a variant
 * `key.one` (or `.two`, `.few`, …: the CLDR categories of Intl.PluralRules) is used when the
 * count falls in that category. zh-CN has only "other", so it carries no variants; en has "one",
 * so "On the 1 host" is never printed as "On the 1 hosts".
 */
export function pluralKey(strings: Record<string, string>, locale: string, key: string, count: number): string {
  const category = new Intl.PluralRules(locale).select(count);
  const variant = `${key}.${category}`;
  return category !== 'other' && variant in strings ? variant : key;
}
