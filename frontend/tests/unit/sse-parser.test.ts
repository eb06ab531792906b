import { describe, expect, it } from 'vitest';
import { createSseParser, readSseStream, type SseMessage } from '../../src/api/sse';

function collect(initialId = '') {
  const messages: SseMessage[] = [];
  const comments: string[] = [];
  const retries: number[] = [];
  const parser = createSseParser(
    { onMessage: (m) => messages.push(m), onComment: (c) => comments.push(c), onRetry: (ms) => retries.push(ms) },
    initialId,
  );
  return { parser, messages, comments, retries };
}

describe('SSE frame parser', () => {
  it('dispatches a frame split across chunks only when its blank line arrives', () => {
    const { parser, messages } = collect();
    parser.push('event: ingest.job\nda');
    parser.push('ta: {"progress":');
    expect(messages).toEqual([]);
    parser.push('40}\n');
    expect(messages).toEqual([]);
    parser.push('\n');
    expect(messages).toEqual([{ event: 'ingest.job', data: '{"progress":40}', id: '' }]);
  });

  it('accepts CRLF and lone CR line endings, including a CRLF split between chunks', () => {
    const { parser, messages } = collect();
    parser.push('data: one\r\n\r\n');
    parser.push('data: two\r');
    parser.push('\n\r');
    parser.push('\n');
    parser.push('data: three\r\r');
    expect(messages.map((m) => m.data)).toEqual(['one', 'two', 'three']);
  });

  it('joins multi-line data with newlines and strips one leading space only', () => {
    const { parser, messages } = collect();
    parser.push('data: first\ndata:second\ndata:   third\n\n');
    expect(messages[0]?.data).toBe('first\nsecond\n  third');
  });

  it('ignores comments such as ": ping" but reports them for liveness', () => {
    const { parser, messages, comments } = collect();
    parser.push(': ping\n\n: ping - 2026-11-30\n\n');
    expect(messages).toEqual([]);
    expect(comments).toEqual(['ping', 'ping - 2026-11-30']);
  });

  it('names events, defaults to "message" and resets the name after each frame', () => {
    const { parser, messages } = collect();
    parser.push('event: data.changed\ndata: {}\n\ndata: plain\n\n');
    expect(messages.map((m) => m.event)).toEqual(['data.changed', 'message']);
  });

  it('tracks the last event id across frames and keeps it when a frame has none', () => {
    const { parser, messages } = collect('7');
    parser.push('data: a\n\nid: 8\ndata: b\n\ndata: c\n\nid: bad\0id\ndata: d\n\n');
    expect(messages.map((m) => m.id)).toEqual(['7', '8', '8', '8']);
    expect(parser.lastEventId()).toBe('8');
  });

  it('does not dispatch frames without data, and discards an unterminated frame at the end', () => {
    const { parser, messages, retries } = collect();
    parser.push('event: nothing\n\nretry: 5000\nretry: soon\n\ndata: half');
    parser.end();
    parser.push('\n\n');
    expect(messages).toEqual([]);
    expect(retries).toEqual([5000]);
  });

  it('treats a line without a colon as a field name and strips a leading BOM', () => {
    const { parser, messages } = collect();
    parser.push('\uFEFFdata\n\n');
    expect(messages).toEqual([{ event: 'message', data: '', id: '' }]);
  });

  it('decodes a byte stream with a multi-byte character split across reads', async () => {
    const { parser, messages } = collect();
    const bytes = new TextEncoder().encode('data: As of 30 Nov — ok\n\n');
    const cut = bytes.indexOf(0xe2) + 1;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, cut));
        controller.enqueue(bytes.slice(cut));
        controller.close();
      },
    });
    await readSseStream(body, parser);
    expect(messages[0]?.data).toBe('As of 30 Nov — ok');
  });
});
