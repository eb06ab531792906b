// Test helpers: a controllable event-stream Response and a recording fetch stub.
import { vi } from 'vitest';

export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export interface StreamHandle {
  response: Response;
  push: (text: string) => void;
  close: () => void;
}

/** An open text/event-stream response; aborting `signal` errors the stream like a real fetch. */
export function eventStream(signal?: AbortSignal | null): StreamHandle {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  signal?.addEventListener('abort', () => {
    try {
      controller.error(new DOMException('The operation was aborted.', 'AbortError'));
    } catch {
      // already closed
    }
  });
  const encoder = new TextEncoder();
  return {
    response: new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
    push: (text) => controller.enqueue(encoder.encode(text)),
    close: () => controller.close(),
  };
}

export type FetchCall = { url: string; init: RequestInit };

/** A fetch stub that records calls and answers with `handler`. */
export function fetchStub(handler: (url: string, init: RequestInit) => Promise<Response> | Response) {
  const calls: FetchCall[] = [];
  const fn = vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const call = { url, init: init ?? {} };
    calls.push(call);
    return Promise.resolve().then(() => handler(url, call.init));
  });
  return { fetch: fn as unknown as typeof fetch, calls };
}

/** A promise that never settles until the request's signal aborts it. */
export function hangUntilAborted(init: RequestInit): Promise<Response> {
  return new Promise((_, reject) => {
    const abort = () => reject(new DOMException('The operation was aborted.', 'AbortError'));
    if (init.signal?.aborted) abort();
    init.signal?.addEventListener('abort', abort);
  });
}
