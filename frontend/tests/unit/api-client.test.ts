import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { buildUrl, createApiClient } from '../../src/api/client';
import { ApiError, fieldErrors } from '../../src/api/errors';
import { setStoredToken } from '../../src/api/token';
import type { SystemStatus } from '../../src/stores/session';
import { systemStatus } from './fixtures';
import { fetchStub, hangUntilAborted, jsonResponse } from './helpers';

const STATUS = systemStatus({ data_as_of: '2026-11-30T00:00:00Z' });

const header = (init: RequestInit | undefined, name: string) => new Headers(init?.headers).get(name);

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}

describe('api client', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('GETs a schema path under /api/v1 and returns the typed JSON body', async () => {
    const stub = fetchStub(() => jsonResponse(200, STATUS));
    const api = createApiClient({ fetch: stub.fetch, getToken: () => null });
    const status = await api.get('/system/status');
    expectTypeOf(status).toEqualTypeOf<SystemStatus>();
    expectTypeOf(status.data_as_of).toEqualTypeOf<string | null>();
    expect(status).toEqual(STATUS);
    expect(stub.calls[0]?.url).toBe('/api/v1/system/status');
    expect(stub.calls[0]?.init.method).toBe('GET');
    expect(header(stub.calls[0]?.init, 'Authorization')).toBeNull();
  });

  it('sends the sessionStorage token as a bearer header', async () => {
    setStoredToken('s3cret');
    const stub = fetchStub(() => jsonResponse(200, STATUS));
    await createApiClient({ fetch: stub.fetch }).get('/health');
    expect(header(stub.calls[0]?.init, 'Authorization')).toBe('Bearer s3cret');
    setStoredToken(null);
    await createApiClient({ fetch: stub.fetch }).get('/health');
    expect(header(stub.calls[1]?.init, 'Authorization')).toBeNull();
  });

  it('POSTs a JSON body and resolves a 204 to undefined', async () => {
    const stub = fetchStub(() => new Response(null, { status: 204 }));
    const result = await createApiClient({ fetch: stub.fetch }).post('/auth', { body: { token: 't' } });
    expect(result).toBeUndefined();
    expect(stub.calls[0]?.init.body).toBe('{"token":"t"}');
    expect(header(stub.calls[0]?.init, 'Content-Type')).toBe('application/json');
  });

  it('turns the error envelope into an ApiError', async () => {
    const envelope = { error: { code: 'not_found', message: 'No person x.', details: { id: 'x' } } };
    const stub = fetchStub(() => jsonResponse(404, envelope));
    const err = await caught(createApiClient({ fetch: stub.fetch }).get('/system/status'));
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 404, code: 'not_found', message: 'No person x.', details: { id: 'x' }, retryable: false });
  });

  it('marks 5xx retryable and survives a body that is not the envelope', async () => {
    const stub = fetchStub(() => new Response('<html>Bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }));
    const err = await caught(createApiClient({ fetch: stub.fetch }).get('/ready'));
    expect(err).toMatchObject({ status: 502, code: 'http_502', retryable: true });
  });

  it('maps 422 details onto field errors', () => {
    const fastapi = new ApiError({
      status: 422,
      code: 'validation_error',
      message: 'Invalid input',
      details: { errors: [{ loc: ['body', 'token'], msg: 'Field required' }, { loc: 'bad', msg: 1 }] },
    });
    expect(fieldErrors(fastapi)).toEqual({ token: 'Field required' });
    const simple = new ApiError({ status: 422, code: 'validation_error', message: 'x', details: { fields: { name: 'Too long' } } });
    expect(fieldErrors(simple)).toEqual({ name: 'Too long' });
  });

  it('aborts after the timeout and reports a retryable timeout error', async () => {
    vi.useFakeTimers();
    let signal: AbortSignal | null | undefined;
    const stub = fetchStub((_url, init) => {
      signal = init.signal;
      return hangUntilAborted(init);
    });
    const pending = caught(createApiClient({ fetch: stub.fetch }).get('/system/status'));
    await vi.advanceTimersByTimeAsync(29_999);
    expect(signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const err = await pending;
    expect(signal?.aborted).toBe(true);
    expect(err).toMatchObject({ status: 0, code: 'timeout', retryable: true });
  });

  it('honours a per-request timeout and a caller abort', async () => {
    vi.useFakeTimers();
    const stub = fetchStub((_url, init) => hangUntilAborted(init));
    const api = createApiClient({ fetch: stub.fetch });
    const slow = caught(api.get('/health', { timeoutMs: 300_000 }));
    await vi.advanceTimersByTimeAsync(60_000);
    const caller = new AbortController();
    const cancelled = caught(api.get('/health', { signal: caller.signal }));
    caller.abort();
    expect(await cancelled).toMatchObject({ name: 'AbortError' });
    await vi.advanceTimersByTimeAsync(240_000);
    expect(await slow).toMatchObject({ code: 'timeout' });
  });

  it('reports a network failure as a retryable ApiError with status 0', async () => {
    const stub = fetchStub(() => Promise.reject(new TypeError('Failed to fetch')));
    const err = await caught(createApiClient({ fetch: stub.fetch }).get('/health'));
    expect(err).toMatchObject({ status: 0, code: 'network_error', retryable: true });
  });

  it('types paths, parameters and bodies from the schema', () => {
    const api = createApiClient({ fetch: fetchStub(() => jsonResponse(200, {})).fetch });
    // @ts-expect-error -- an unknown path is a compile error
    void api.get('/nope').catch(() => undefined);
    // @ts-expect-error -- POST /auth needs its body
    void api.post('/auth').catch(() => undefined);
    // @ts-expect-error -- /system/status has no POST
    void api.post('/system/status', { body: {} }).catch(() => undefined);
  });
});

describe('buildUrl', () => {
  it('fills and encodes path parameters and skips empty query values', () => {
    const url = buildUrl('/api/v1', '/people/{person_id}', {
      path: { person_id: 'a b/c' },
      query: { q: 'raj', project: ['alpha', 'beta'], skip: 0, done: false, missing: undefined, none: null },
    });
    expect(url).toBe('/api/v1/people/a%20b%2Fc?q=raj&project=alpha&project=beta&skip=0&done=false');
  });

  it('refuses a missing path parameter', () => {
    expect(() => buildUrl('/api/v1', '/people/{person_id}', {})).toThrow(/person_id/);
  });
});
