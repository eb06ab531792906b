import { useUi } from '../../stores/ui';
import { Icon } from '../common/Icon';
import { OrgHealth } from './OrgHealth';
import { QuickAsk } from './QuickAsk';

export const CHAT_PANEL_ID = 'chat-panel';

export function TopBar() {
  const chatOpen = useUi((s) => s.chatOpen);
  const toggleChat = useUi((s) => s.toggleChat);
  const navDrawerOpen = useUi((s) => s.navDrawerOpen);
  const setNavDrawerOpen = useUi((s) => s.setNavDrawerOpen);

  return (
    <header className="sticky top-0 z-20 flex h-topbar shrink-0 items-center gap-4 border-b border-border bg-card px-4">
      <button
        type="button"
        className="btn-icon lg:hidden"
        aria-label="Open navigation"
        aria-expanded={navDrawerOpen}
        onClick={() => setNavDrawerOpen(!navDrawerOpen)}
      >
        <Icon name="menu" />
      </button>
      <div className="flex min-w-0 flex-1 justify-center">
        <QuickAsk />
      </div>
      <OrgHealth />
      <button
        type="button"
        className={`btn-icon ${chatOpen ? 'bg-accent-soft text-primary' : ''}`}
        aria-label={chatOpen ? 'Close chat' : 'Open chat'}
        aria-expanded={chatOpen}
        aria-controls={chatOpen ? CHAT_PANEL_ID : undefined}
        aria-keyshortcuts="Control+. Meta+."
        onClick={toggleChat}
      >
        <Icon name="chat" />
      </button>
    </header>
  );
}
