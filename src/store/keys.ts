/**
 * Key layout. Every key of a host carries the hash tag `{h:<host>}`, so in Redis Cluster a host's
 * keys share one slot and each script or pipeline of a call touches one host only. Braces and `%`
 * in host names are percent-escaped: a `}` inside the tag would end it early and could make two
 * hosts share a slot.
 *
 *   <prefix>:hosts                 SET   host names (the only cross-host key, written on its own)
 *   <prefix>:{h:<host>}:st         HASH  series name -> newest t in closed chunks, -1 for none (the
 *                                        series index; with the open chunk's last record, the dedupe mark)
 *   <prefix>:{h:<host>}:hm         STRING host mark: >= every accepted t of the host (append fast path)
 *   <prefix>:{h:<host>}:ru         HASH  series name -> t of the newest sample rolled into the tiers
 *   <prefix>:{h:<host>}:o:<series> STRING open chunk: 16-byte records (t, v as big-endian doubles)
 *   <prefix>:{h:<host>}:c:<series> HASH  closed raw chunks: t of the chunk's last sample -> chunk
 *   <prefix>:{h:<host>}:m:<series> HASH  minute tier: window start (ms) -> rollup chunk
 *   <prefix>:{h:<host>}:h:<series> HASH  hour tier: window start (ms) -> rollup chunk
 */
export type HostKeys = {
  state: string;
  mark: string;
  rolled: string;
  open(series: string): string;
  chunks(series: string): string;
  minute(series: string): string;
  hour(series: string): string;
};

export function hostsKey(prefix: string): string {
  return `${prefix}:hosts`;
}

export function hostTag(host: string): string {
  return `{h:${host.replace(/[%{}]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}}`;
}

export function hostKeys(prefix: string, host: string): HostKeys {
  const base = `${prefix}:${hostTag(host)}`;
  return {
    state: `${base}:st`,
    mark: `${base}:hm`,
    rolled: `${base}:ru`,
    open: (s) => `${base}:o:${s}`,
    chunks: (s) => `${base}:c:${s}`,
    minute: (s) => `${base}:m:${s}`,
    hour: (s) => `${base}:h:${s}`,
  };
}

/** A prefix with braces would put the hash tag in the wrong place and break the layout. */
export function assertValidPrefix(prefix: string): void {
  if (prefix.length === 0 || /[{}]/.test(prefix)) throw new RangeError(`invalid store prefix "${prefix}"`);
}
