// Server-sent events: a frame parser (WHATWG event-stream rules) and the live event
// subscription on /api/v1/events (08 §4). The subscription reads the stream with fetch
// rather than EventSource so that it can see `: ping` comments (the 35 s liveness rule),
// send Last-Event-ID on every reconnect and control its own backoff.
import { API_BASE } from './client';
import { getStoredToken } from './token';

export interface SseMessage {
  /** Event name; "message" when the frame had no `event:` line. */
  event: string;
  data: string;
  /** The last event id seen on the stream when this event was dispatched. */
  id: string;
}

export interface SseHandlers {
  onMessage: (message: SseMessage) => void;
  onComment?: (text: string) => void;
  onRetry?: (ms: number) => void;
}

export interface SseParser {
  push: (chunk: string) => void;
  /** The stream ended: an unterminated frame is discarded, as the standard says. */
  end: () => void;
  lastEventId: () => string;
}

export function createSseParser(handlers: SseHandlers, initialLastEventId = ''): SseParser {
  let buffer = '';
  let skipLeadingLf = false;
  let first = true;
  let eventType = '';
  let data = '';
  let hasData = false;
  let lastId = initialLastEventId;

  function dispatch() {
    if (hasData) {
      handlers.onMessage({ event: eventType || 'message', data, id: lastId });
    }
    eventType = '';
    data = '';
    hasData = false;
  }

  function line(text: string) {
    if (text === '') return dispatch();
    if (text.startsWith(':')) return handlers.onComment?.(text.slice(1).trimStart());
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') eventType = value;
    else if (field === 'data') {
      data = hasData ? `${data}\n${value}` : value;
      hasData = true;
    } else if (field === 'id') {
      if (!value.includes('\0')) lastId = value;
    } else if (field === 'retry' && /^\d+$/.test(value)) handlers.onRetry?.(Number(value));
  }

  return {
    push(chunk) {
      let input = chunk;
      if (first && input.length > 0) {
        if (input.startsWith('\uFEFF')) input = input.slice(1);
        first = false;
      }
      if (skipLeadingLf && input.length > 0) {
        if (input.startsWith('\n')) input = input.slice(1);
        skipLeadingLf = false;
      }
      buffer += input;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const c = buffer[i];
        if (c !== '\n' && c !== '\r') continue;
        line(buffer.slice(start, i));
        if (c === '\r') {
          if (i + 1 < buffer.length) {
            if (buffer[i + 1] === '\n') i++;
          } else skipLeadingLf = true;
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
    },
    end() {
      buffer = '';
      eventType = '';
      data = '';
      hasData = false;
    },
    lastEventId: () => lastId,
  };
}

/** Read a byte stream through the parser until it ends; `onChunk` sees every read (for liveness). */
export async function readSseStream(body: ReadableStream<Uint8Array>, parser: SseParser, onChunk?: () => void) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      onChunk?.();
      parser.push(decoder.decode(value, { stream: true }));
    }
    parser.push(decoder.decode());
  } finally {
    parser.end();
    reader.releaseLock();
  }
}

export type ConnectionState = 'connecting' | 'online' | 'offline';

export interface LiveEvent {
  name: string;
  /** The parsed JSON payload, or the raw text when it is not JSON. */
  data: unknown;
  id: string;
}

export interface SubscribeOptions {
  onEvent: (event: LiveEvent) => void;
  onState?: (state: ConnectionState) => void;
  fetch?: typeof fetch;
  url?: string;
  getToken?: () => string | null;
  /** Nothing received for this long means the connection is lost (08 §4: 35 s). */
  livenessMs?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

/** Reconnect delay for the n-th consecutive failure: 1, 2, 4, 8… s, at most 30 s. */
export function backoffDelay(attempt: number, initialMs = 1000, maxMs = 30_000): number {
  return Math.min(initialMs * 2 ** attempt, maxMs);
}

function parseData(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Subscribe to the live event stream; returns the function that unsubscribes. */
export function subscribeEvents(options: SubscribeOptions): () => void {
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const url = options.url ?? `${API_BASE}/events`;
  const getToken = options.getToken ?? getStoredToken;
  const livenessMs = options.livenessMs ?? 35_000;
  let stopped = false;
  let attempt = 0;
  let lastId = '';
  let controller: AbortController | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  let state: ConnectionState | null = null;

  const setState = (next: ConnectionState) => {
    if (state === next) return;
    state = next;
    options.onState?.(next);
  };
  const armWatchdog = (abort: AbortController) => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => abort.abort(), livenessMs);
  };

  async function connect() {
    const abort = new AbortController();
    controller = abort;
    const headers = new Headers({ Accept: 'text/event-stream' });
    if (lastId) headers.set('Last-Event-ID', lastId);
    const token = getToken();
    if (token) headers.set('Authorization', `Bearer ${token}`);
    let parser: SseParser | null = null;
    try {
      armWatchdog(abort);
      const res = await doFetch(url, { headers, signal: abort.signal, cache: 'no-store' });
      if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
      attempt = 0;
      setState('online');
      parser = createSseParser(
        { onMessage: (m) => options.onEvent({ name: m.event, data: parseData(m.data), id: m.id }) },
        lastId,
      );
      await readSseStream(res.body, parser, () => armWatchdog(abort));
    } catch {
      // Any failure (HTTP error, network error, liveness timeout) ends in a reconnect below.
    } finally {
      clearTimeout(watchdog);
      if (parser) lastId = parser.lastEventId();
    }
    if (stopped) return;
    setState('offline');
    retryTimer = setTimeout(() => void connect(), backoffDelay(attempt++, options.initialBackoffMs, options.maxBackoffMs));
  }

  setState('connecting');
  void connect();
  return () => {
    stopped = true;
    clearTimeout(retryTimer);
    clearTimeout(watchdog);
    controller?.abort();
  };
}
