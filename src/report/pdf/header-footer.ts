import { fontStack } from '../fonts.js';
import { escapeHtml } from '../templates/helpers.js';

const PAGE_WORDS: Record<string, { page: string; of: string }> = {
  en: { page: 'Page', of: 'of' },
  'zh-CN': { page: '第', of: '页 / 共' },
};

/**
 * Chromium's header/footer templates: it fills .pageNumber and .totalPages. Everything user-made
 * (titles, host names) is escaped, because these templates are HTML too.
 */
export function headerFooter(req: { title: string; period: string; scope: string; locale: string }) {
  const w = PAGE_WORDS[req.locale] ?? PAGE_WORDS.en!;
  const style = `font-family:${fontStack(req.locale)};font-size:7.5pt;color:#6b7280;width:100%;padding:0 12mm;display:flex;justify-content:space-between;`;
  const pageText =
    req.locale === 'zh-CN'
      ? `${w.page} <span class="pageNumber"></span> ${w.of} <span class="totalPages"></span> 页`
      : `${w.page} <span class="pageNumber"></span> ${w.of} <span class="totalPages"></span>`;
  return {
    header: `<div style="${style}"><span>${escapeHtml(req.title)}</span><span>${escapeHtml(req.scope)}</span></div>`,
    footer: `<div style="${style}"><span>${escapeHtml(req.period)}</span><span>${pageText}</span></div>`,
  };
}
