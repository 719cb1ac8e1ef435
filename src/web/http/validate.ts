import type { z } from 'zod';
import { HttpError } from './http-error.js';

/**
 * Parses request input with a zod schema. A failure is a 400 naming the first offending field, so
 * a client can fix its request without reading our source.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, where: 'body' | 'query' | 'params'): z.output<S> {
  // An absent body or query is an empty one; a JSON null is a wrong one, and is reported as such.
  const result = schema.safeParse(input === undefined ? {} : input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  // An unknown key is reported at its parent; name the key itself, which is what is wrong.
  const keys = issue?.code === 'unrecognized_keys' ? issue.keys : [];
  const path = [...(issue?.path ?? []), ...keys.slice(0, 1)].map(String).join('.');
  const field = path === '' ? where : path;
  throw new HttpError({ status: 400, code: 'bad_request', field, message: `${field}: ${issue?.message ?? 'invalid'}` });
}
