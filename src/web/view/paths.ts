import { fileURLToPath } from 'node:url';

/** Repository root, from sources or from dist/ alike: templates and docs are not compiled. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url)).replace(/dist\/$/, '');

export const WEB_TEMPLATES = `${ROOT}templates/web/`;
export const STYLES = `${ROOT}templates/styles/`;
export const OPENAPI_FILE = `${ROOT}docs/openapi.yaml`;
