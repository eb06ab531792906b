// The only module that talks to the HTTP API (08 §1–2). Request and response types come
// from the generated schema; paths are written without the /api/v1 base.
import { ApiError, errorFromResponse, networkError, timeoutError } from './errors';
import type { paths } from './schema';
import { getStoredToken } from './token';

export const API_BASE = '/api/v1';
export const DEFAULT_TIMEOUT_MS = 30_000;
export const LONG_TIMEOUT_MS = 300_000;

type Base = typeof API_BASE;
type Method = 'get' | 'post' | 'patch' | 'delete';
type Op<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type StripBase<P> = P extends `${Base}${infer Rest}` ? Rest : never;

/** Paths (without the base) that support method M. */
export type ApiPath<M extends Method> = {
  [P in keyof paths]: [Op<P, M>] extends [never] ? never : StripBase<P>;
}[keyof paths];

type OpFor<M extends Method, P extends string> = Op<`${Base}${P}` & keyof paths, M>;

type PathOpt<O> = O extends { parameters: { path: infer X } } ? { path: X } : { path?: undefined };
type QueryOpt<O> = O extends { parameters: { query: infer Q } }
  ? { query: Q }
  : O extends { parameters: { query?: infer Q } }
    ? [Q] extends [undefined] ? { query?: undefined } : { query?: Q }
    : { query?: undefined };
type BodyOpt<O> = O extends { requestBody: { content: { 'application/json': infer B } } }
  ? { body: B }
  : O extends { requestBody: { content: { 'multipart/form-data': unknown } } }
    ? { body: FormData }
    : O extends { requestBody?: { content: { 'application/json': infer B } } }
      ? { body?: B }
      : { body?: undefined };

interface CommonOptions {
  signal?: AbortSignal;
  /** Milliseconds before the request is aborted (30 s default; LONG_TIMEOUT_MS for uploads and exports). */
  timeoutMs?: number;
}

export type RequestOptions<O> = CommonOptions & PathOpt<O> & QueryOpt<O> & BodyOpt<O>;
type Args<T> = object extends T ? [options?: T] : [options: T];

type JsonOf<R, C> = R extends { [K in C & number]: { content: { 'application/json': infer B } } } ? B : never;
/** The JSON body of the first 2xx response, or undefined for 204. */
export type ResponseOf<O> = O extends { responses: infer R }
  ? [JsonOf<R, 200>] extends [never]
    ? [JsonOf<R, 201>] extends [never]
      ? [JsonOf<R, 202>] extends [never]
        ? undefined
        : JsonOf<R, 202>
      : JsonOf<R, 201>
    : JsonOf<R, 200>
  : never;

/** The success body of METHOD PATH, e.g. ApiResponse<'get', '/system/status'>. */
export type ApiResponse<M extends Method, P extends ApiPath<M>> = ResponseOf<OpFor<M, P>>;

type QueryValue = string | number | boolean | null | undefined | readonly (string | number | boolean)[];

export interface ApiClientOptions {
  fetch?: typeof fetch;
  baseUrl?: string;
  timeoutMs?: number;
  getToken?: () => string | null;
}

interface RawRequest {
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  path?: Record<string, string | number> | undefined;
  query?: Record<string, QueryValue> | undefined;
  body?: unknown;
}

export function buildUrl(base: string, template: string, req: RawRequest): string {
  const filled = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = req.path?.[name];
    if (value === undefined) throw new Error(`Missing path parameter "${name}" for ${template}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(req.query ?? {})) {
    if (value === undefined || value === null) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) search.append(key, String(v));
  }
  const qs = search.toString();
  return `${base}${filled}${qs ? `?${qs}` : ''}`;
}

async function readBody(res: Response): Promise<unknown> {
  if (res.status === 204 || res.status === 205) return undefined;
  const text = await res.text();
  if (text === '') return undefined;
  const type = res.headers.get('content-type') ?? '';
  return type.includes('json') ? (JSON.parse(text) as unknown) : text;
}

export function createApiClient(options: ApiClientOptions = {}) {
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const base = options.baseUrl ?? API_BASE;
  const defaultTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const getToken = options.getToken ?? getStoredToken;

  async function request(method: string, template: string, req: RawRequest = {}): Promise<unknown> {
    const timeoutMs = req.timeoutMs ?? defaultTimeout;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onOuterAbort = () => controller.abort();
    if (req.signal?.aborted) controller.abort();
    req.signal?.addEventListener('abort', onOuterAbort, { once: true });

    const headers = new Headers({ Accept: 'application/json' });
    const token = getToken();
    if (token) headers.set('Authorization', `Bearer ${token}`);
    let body: BodyInit | undefined;
    if (req.body instanceof FormData) body = req.body;
    else if (req.body !== undefined) {
      headers.set('Content-Type', 'application/json');
      body = JSON.stringify(req.body);
    }

    try {
      const res = await doFetch(buildUrl(base, template, req), { method, headers, body, signal: controller.signal });
      const payload = await readBody(res);
      if (!res.ok) throw errorFromResponse(res.status, payload);
      return payload;
    } catch (err) {
      if (err instanceof ApiError) throw err;
      if (timedOut) throw timeoutError(timeoutMs);
      if (req.signal?.aborted) throw err;
      throw networkError(err);
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onOuterAbort);
    }
  }

  return {
    get<P extends ApiPath<'get'>>(path: P, ...args: Args<RequestOptions<OpFor<'get', P>>>) {
      return request('GET', path, args[0] as RawRequest) as Promise<ResponseOf<OpFor<'get', P>>>;
    },
    post<P extends ApiPath<'post'>>(path: P, ...args: Args<RequestOptions<OpFor<'post', P>>>) {
      return request('POST', path, args[0] as RawRequest) as Promise<ResponseOf<OpFor<'post', P>>>;
    },
    patch<P extends ApiPath<'patch'>>(path: P, ...args: Args<RequestOptions<OpFor<'patch', P>>>) {
      return request('PATCH', path, args[0] as RawRequest) as Promise<ResponseOf<OpFor<'patch', P>>>;
    },
    del<P extends ApiPath<'delete'>>(path: P, ...args: Args<RequestOptions<OpFor<'delete', P>>>) {
      return request('DELETE', path, args[0] as RawRequest) as Promise<ResponseOf<OpFor<'delete', P>>>;
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** The shared client used by the stores. */
export const api: ApiClient = createApiClient();
