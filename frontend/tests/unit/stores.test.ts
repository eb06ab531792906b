import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SubscribeOptions } from '../../src/api/sse';
import { dispatchLiveEvent, onLiveEvent, startLiveEvents } from '../../src/stores/liveEvents';
import { useSession } from '../../src/stores/session';
import { UI_STORAGE_KEY, useUi } from '../../src/stores/ui';
import { systemStatus } from './fixtures';
import { fetchStub, jsonResponse } from './helpers';

const STATUS = systemStatus();

const initialSession = useSession.getState();
const initialUi = useUi.getState();

beforeEach(() => {
  useSession.setState(initialSession, true);
  useUi.setState(initialUi, true);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('ui store', () => {
  it('remembers the collapsed sidebar and the open chat in localStorage, not the drawer', () => {
    useUi.getState().toggleSidebar();
    useUi.getState().toggleChat();
    useUi.getState().setNavDrawerOpen(true);
    const saved = JSON.parse(localStorage.getItem(UI_STORAGE_KEY) ?? '{}') as { state: Record<string, unknown> };
    expect(saved.state).toEqual({ sidebarCollapsed: true, chatOpen: true });
  });

  it('restores the remembered choices', async () => {
    localStorage.setItem(UI_STORAGE_KEY, JSON.stringify({ state: { sidebarCollapsed: true, chatOpen: false }, version: 1 }));
    await useUi.persist.rehydrate();
    expect(useUi.getState().sidebarCollapsed).toBe(true);
    useUi.getState().setChatOpen(true);
    expect(useUi.getState().chatOpen).toBe(true);
  });
});

describe('session store', () => {
  it('loads the system status', async () => {
    const stub = fetchStub(() => jsonResponse(200, STATUS));
    vi.stubGlobal('fetch', stub.fetch);
    const pending = useSession.getState().loadStatus();
    expect(useSession.getState().statusLoad).toBe('loading');
    await pending;
    expect(useSession.getState()).toMatchObject({ status: STATUS, statusLoad: 'ready', statusError: null });
    expect(stub.calls[0]?.url).toBe('/api/v1/system/status');
  });

  it('keeps an error for the first load, and the old status when a refetch fails', async () => {
    vi.stubGlobal('fetch', fetchStub(() => jsonResponse(503, { error: { code: 'store_down', message: 'Database unavailable', details: {} } })).fetch);
    await useSession.getState().loadStatus();
    expect(useSession.getState()).toMatchObject({ status: null, statusLoad: 'error' });
    expect(useSession.getState().statusError?.code).toBe('store_down');

    useSession.setState({ status: STATUS, statusLoad: 'ready', statusError: null });
    vi.stubGlobal('fetch', fetchStub(() => Promise.reject(new TypeError('offline'))).fetch);
    await useSession.getState().loadStatus();
    expect(useSession.getState()).toMatchObject({ status: STATUS, statusLoad: 'ready' });
    expect(useSession.getState().statusError?.code).toBe('network_error');
  });

  it('refetches the status when the connection comes back', async () => {
    const stub = fetchStub(() => jsonResponse(200, STATUS));
    vi.stubGlobal('fetch', stub.fetch);
    useSession.getState().setConnection('online');
    expect(stub.calls).toHaveLength(0);
    useSession.getState().setConnection('offline');
    useSession.getState().setConnection('online');
    await vi.waitFor(() => expect(useSession.getState().status).toEqual(STATUS));
    expect(stub.calls).toHaveLength(1);
  });
});

describe('live events', () => {
  it('drives the connection state and routes events to registered handlers', () => {
    let options: SubscribeOptions | undefined;
    const stopSpy = vi.fn();
    const stop = startLiveEvents((o) => {
      options = o;
      return stopSpy;
    });
    options?.onState?.('offline');
    expect(useSession.getState().connection).toBe('offline');

    const seen: unknown[] = [];
    const off = onLiveEvent('alert.triggered', (e) => seen.push(e.data));
    options?.onEvent({ name: 'alert.triggered', data: { alert_id: 'a1' }, id: '1' });
    off();
    dispatchLiveEvent({ name: 'alert.triggered', data: { alert_id: 'a2' }, id: '2' });
    expect(seen).toEqual([{ alert_id: 'a1' }]);

    stop();
    expect(stopSpy).toHaveBeenCalledOnce();
  });

  it('reloads the system status on data.changed', async () => {
    const stub = fetchStub(() => jsonResponse(200, { ...STATUS, data_as_of: '2026-11-30T00:00:00Z' }));
    vi.stubGlobal('fetch', stub.fetch);
    dispatchLiveEvent({ name: 'data.changed', data: { collections: ['tasks'] }, id: '3' });
    await vi.waitFor(() => expect(useSession.getState().status?.data_as_of).toBe('2026-11-30T00:00:00Z'));
  });
});
