import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, subscribeEvents, type ConnectionState, type LiveEvent } from '../../src/api/sse';
import { eventStream, fetchStub, type StreamHandle } from './helpers';

describe('backoffDelay', () => {
  it('doubles from 1 s and stops at 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((n) => backoffDelay(n))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
  });
});

describe('subscribeEvents', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function setup(answer: (n: number, init: RequestInit) => Response | Promise<Response>) {
    const events: LiveEvent[] = [];
    const states: ConnectionState[] = [];
    let n = 0;
    const stub = fetchStub((_url, init) => answer(n++, init));
    const stop = subscribeEvents({
      fetch: stub.fetch,
      getToken: () => 'tok',
      onEvent: (e) => events.push(e),
      onState: (s) => states.push(s),
    });
    return { events, states, calls: stub.calls, stop };
  }

  const header = (init: RequestInit | undefined, name: string) => new Headers(init?.headers).get(name);

  it('goes online, delivers named JSON events and reconnects with Last-Event-ID after the stream ends', async () => {
    const streams: StreamHandle[] = [];
    const { events, states, calls, stop } = setup((_n, init) => {
      const s = eventStream(init.signal);
      streams.push(s);
      return s.response;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(states).toEqual(['connecting', 'online']);
    expect(calls[0]?.url).toBe('/api/v1/events');
    expect(header(calls[0]?.init, 'Accept')).toBe('text/event-stream');
    expect(header(calls[0]?.init, 'Authorization')).toBe('Bearer tok');
    expect(header(calls[0]?.init, 'Last-Event-ID')).toBeNull();

    streams[0]?.push('id: 41\nevent: data.changed\ndata: {"collections":["tasks"]}\n\n: ping\n\n');
    streams[0]?.push('id: 42\nevent: ai.status\ndata: not json\n\n');
    await vi.advanceTimersByTimeAsync(0);
    expect(events).toEqual([
      { name: 'data.changed', data: { collections: ['tasks'] }, id: '41' },
      { name: 'ai.status', data: 'not json', id: '42' },
    ]);

    streams[0]?.close();
    await vi.advanceTimersByTimeAsync(0);
    expect(states.at(-1)).toBe('offline');
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(2);
    expect(header(calls[1]?.init, 'Last-Event-ID')).toBe('42');
    expect(states.at(-1)).toBe('online');
    stop();
  });

  it('backs off 1, 2, 4 s between failed attempts and resets after a success', async () => {
    const { states, calls, stop } = setup((n, init) => {
      if (n < 3) return new Response('down', { status: 503 });
      return eventStream(init.signal).response;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    expect(states).toEqual(['connecting', 'offline']);
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1999);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(4000);
    expect(calls).toHaveLength(4);
    expect(states.at(-1)).toBe('online');
    stop();
  });

  it('treats 35 s without any byte as a lost connection; a ping comment keeps it alive', async () => {
    const streams: StreamHandle[] = [];
    const { states, calls, stop } = setup((_n, init) => {
      const s = eventStream(init.signal);
      streams.push(s);
      return s.response;
    });
    await vi.advanceTimersByTimeAsync(30_000);
    streams[0]?.push(': ping\n\n');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(states).toEqual(['connecting', 'online']);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(states.at(-1)).toBe('offline');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toHaveLength(2);
    stop();
  });

  it('stops reconnecting once unsubscribed', async () => {
    const { calls, states, stop } = setup(() => Promise.reject(new TypeError('Failed to fetch')));
    await vi.advanceTimersByTimeAsync(0);
    stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(1);
    expect(states).toEqual(['connecting', 'offline']);
  });
});
