import type { AppConfig } from '../config/load-config.js';
import type { ManifestEntry } from './manifest-entry.js';

/** A report's own `retention`, else `archive.retention`, else keep forever (null). */
export function retentionFor(config: Pick<AppConfig, 'archive' | 'reports'>) {
  return (entry: ManifestEntry): number | null => {
    const own = entry.name ? config.reports[entry.name]?.retention : undefined;
    return own ?? config.archive.retention ?? null;
  };
}
