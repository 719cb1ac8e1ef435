/**
 * Font stacks for reports. Latin text in DejaVu Sans, with Noto Sans CJK only for the glyphs it
 * lacks: embedding subsets of the large CJK font in every PDF made a one-page render about 60%
 * slower. zh-CN reports put the CJK font first so punctuation and digits match the Chinese text.
 */
export function fontStack(locale: string): string {
  return locale === 'zh-CN' ? "'Noto Sans CJK SC', 'DejaVu Sans', sans-serif" : "'DejaVu Sans', 'Noto Sans CJK SC', sans-serif";
}
