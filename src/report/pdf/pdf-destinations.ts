import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';

/**
 * Page numbers (1-based) of the named destinations Chromium writes for every element an internal
 * link points at (`<a href="#host-web-1">`). This is how the table of contents learns where each
 * host section actually landed after pagination, instead of guessing from layout heights.
 */
export async function namedDestinationPages(pdf: Buffer): Promise<Record<string, number>> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const pageIndex = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i + 1]));
  const dests = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  const out: Record<string, number> = {};
  if (!dests) return out;
  for (const [name, value] of dests.entries()) {
    const arr = doc.context.lookupMaybe(value, PDFArray) ?? doc.context.lookupMaybe(value, PDFDict)?.lookupMaybe(PDFName.of('D'), PDFArray);
    const first = arr?.get(0);
    if (!(first instanceof PDFRef)) continue;
    const page = pageIndex.get(first.toString());
    if (page !== undefined) out[name.decodeText()] = page;
  }
  return out;
}

/** Swaps each inline chart SVG for an empty box with the SVG's own aspect ratio, so layout is unchanged. */
export function chartsAsPlaceholders(html: string): string {
  return html.replace(
    /<svg width="(\d+)" height="(\d+)"[\s\S]*?<\/svg>/g,
    (_m, w: string, h: string) => `<div style="aspect-ratio:${w}/${h};width:100%"></div>`,
  );
}
