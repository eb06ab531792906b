import { useUi } from '../../stores/ui';
import { Icon } from '../common/Icon';
import { CHAT_PANEL_ID } from './TopBar';

/** The chat panel frame (08 §5): docked from 1280 px, an overlay with a scrim below. */
export function ChatPanel() {
  const setChatOpen = useUi((s) => s.setChatOpen);
  return (
    <>
      <div aria-hidden="true" className="fixed inset-0 z-30 bg-scrim xl:hidden" onClick={() => setChatOpen(false)} />
      <aside
        id={CHAT_PANEL_ID}
        aria-label="Chat"
        className="fixed top-topbar right-0 bottom-0 z-40 flex w-chat max-w-full flex-col border-l border-border bg-card shadow-overlay xl:sticky xl:z-auto xl:h-[calc(100vh-var(--topbar-height))] xl:shrink-0 xl:shadow-none"
      >
        <div className="flex h-12 items-center justify-between border-b border-border px-4">
          <h2 className="text-ui font-semibold text-primary">Chat · Global</h2>
          <button type="button" className="btn-icon" aria-label="Close chat" onClick={() => setChatOpen(false)}>
            <Icon name="close" />
          </button>
        </div>
        <div role="log" aria-live="polite" className="flex flex-1 flex-col items-center justify-center gap-2 p-6 text-center">
          <p className="text-prose text-text-2">No conversation yet.</p>
          <p className="text-small text-muted">Ask about projects, people or risks in the box above.</p>
        </div>
      </aside>
    </>
  );
}
