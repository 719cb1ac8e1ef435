/** Text for SVG content and attributes: labels carry host, mount and interface names. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A coordinate with one decimal: a tenth of a pixel is below what print or screen can show. */
export const px = (x: number) => String(Math.round(x * 10) / 10);

/**
 * About how wide `s` is in DejaVu Sans at `size` px, for layout only (legend placement, label
 * spacing): narrow and wide glyphs roughly, CJK at a full em.
 */
export function textWidth(s: string, size: number): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (c > 0x2e80) w += 1;
    else if (/[il.,:;|!'1 ()[\]/-]/.test(ch)) w += 0.36;
    else if (/[A-Z%mwMW@]/.test(ch)) w += 0.72;
    else w += 0.6;
  }
  return w * size;
}
