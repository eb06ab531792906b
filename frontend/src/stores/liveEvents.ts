// One subscription to /api/v1/events for the whole app. It drives the session's connection
// state and hands each event to the handlers that stores register by event name (01 §5).
import { subscribeEvents, type LiveEvent } from '../api/sse';
import { useSession } from './session';

type Handler = (event: LiveEvent) => void;

const handlers = new Map<string, Set<Handler>>();

/** Register a handler for an event name (e.g. "data.changed"); returns the unregister function. */
export function onLiveEvent(name: string, handler: Handler): () => void {
  const set = handlers.get(name) ?? new Set<Handler>();
  set.add(handler);
  handlers.set(name, set);
  return () => {
    set.delete(handler);
  };
}

export function dispatchLiveEvent(event: LiveEvent): void {
  for (const handler of handlers.get(event.name) ?? []) handler(event);
}

// The footer's "Data as of" and the AI state come from /system/status.
const refreshStatus = () => void useSession.getState().loadStatus();
onLiveEvent('data.changed', refreshStatus);
onLiveEvent('ai.status', refreshStatus);

/** Start the live subscription; returns the function that stops it. */
export function startLiveEvents(subscribe: typeof subscribeEvents = subscribeEvents): () => void {
  return subscribe({
    onEvent: dispatchLiveEvent,
    onState: (state) => useSession.getState().setConnection(state),
  });
}
