import { createHash } from 'node:crypto';

/**
 * A template's id is derived from its text alone, so the same template has the same id on every
 * host, after every restart and in every period: counts compare day to day and across the fleet.
 * 12 hex digits of SHA-1 (48 bits): a collision among the few thousand templates of a fleet is
 * vanishingly unlikely, and the id stays short enough to read in a CLI table.
 */
export function templateId(template: string): string {
  return createHash('sha1').update(template, 'utf8').digest('hex').slice(0, 12);
}

/** The id of the bucket that counts lines once a source has hit its template cap. */
export const OTHER_TEMPLATE = 'other';
export const OTHER_ID = templateId(OTHER_TEMPLATE);
