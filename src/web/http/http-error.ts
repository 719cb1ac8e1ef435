/** An error meant for the client: its status, a stable code and a message safe to show. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  /** Fastify's name for it: error handlers of plugins we do not own (Bull Board) read this. */
  readonly statusCode: number;
  constructor(opts: { status: number; code: string; message: string; field?: string }) {
    super(opts.message);
    this.name = 'HttpError';
    this.status = opts.status;
    this.statusCode = opts.status;
    this.code = opts.code;
    this.field = opts.field;
  }
}

export const notFound = (what: string) => new HttpError({ status: 404, code: 'not_found', message: `${what} not found` });

export const badRequest = (field: string, message: string) => new HttpError({ status: 400, code: 'bad_request', field, message: `${field}: ${message}` });

export const forbidden = (message: string) => new HttpError({ status: 403, code: 'forbidden', message });
