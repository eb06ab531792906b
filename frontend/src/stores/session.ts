// Session: the system status from /system/status and the live connection state.
import { api, type ApiResponse } from '../api/client';
import { isApiError, networkError, type ApiError } from '../api/errors';
import type { ConnectionState } from '../api/sse';
import { create } from 'zustand';

export type SystemStatus = ApiResponse<'get', '/system/status'>;
export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

interface SessionState {
  status: SystemStatus | null;
  statusLoad: LoadState;
  statusError: ApiError | null;
  connection: ConnectionState;
  loadStatus: () => Promise<void>;
  setConnection: (state: ConnectionState) => void;
}

export const useSession = create<SessionState>()((set, get) => ({
  status: null,
  statusLoad: 'idle',
  statusError: null,
  connection: 'connecting',

  async loadStatus() {
    // A refetch keeps the old status on screen (08 §9): only the first load shows 'loading'.
    if (get().status === null) set({ statusLoad: 'loading' });
    try {
      const status = await api.get('/system/status');
      set({ status, statusLoad: 'ready', statusError: null });
    } catch (err) {
      set({ statusLoad: get().status ? 'ready' : 'error', statusError: isApiError(err) ? err : networkError(err) });
    }
  },

  setConnection(state) {
    const previous = get().connection;
    set({ connection: state });
    // Back online after a loss: what we hold may be stale.
    if (previous === 'offline' && state === 'online') void get().loadStatus();
  },
}));
