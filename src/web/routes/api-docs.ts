import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { parse } from 'yaml';
import { OPENAPI_FILE } from '../view/paths.js';

/** The API's OpenAPI description, read once from docs/openapi.yaml. */
export function docsApi(app: FastifyInstance): void {
  const yaml = readFileSync(OPENAPI_FILE, 'utf8');
  const json = JSON.stringify(parse(yaml));
  app.get('/openapi.json', async (_request, reply) => reply.type('application/json; charset=utf-8').send(json));
  app.get('/openapi.yaml', async (_request, reply) => reply.type('application/yaml; charset=utf-8').send(yaml));
}
