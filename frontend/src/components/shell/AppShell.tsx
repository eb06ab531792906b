import { useEffect } from 'react';
import { Outlet } from 'react-router';
import { useGlobalShortcuts } from '../../hooks/useGlobalShortcuts';
import { startLiveEvents } from '../../stores/liveEvents';
import { useSession } from '../../stores/session';
import { useUi } from '../../stores/ui';
import { BannerStack } from './BannerStack';
import { ChatPanel } from './ChatPanel';
import { Sidebar } from './Sidebar';
import { SkipLink } from './SkipLink';
import { TopBar } from './TopBar';

/** The app shell (08 §4): skip link → sidebar → top bar → banners → main → chat. */
export function AppShell() {
  const chatOpen = useUi((s) => s.chatOpen);
  const navDrawerOpen = useUi((s) => s.navDrawerOpen);
  const setNavDrawerOpen = useUi((s) => s.setNavDrawerOpen);
  useGlobalShortcuts();

  useEffect(() => {
    void useSession.getState().loadStatus();
    return startLiveEvents();
  }, []);

  return (
    <div className="flex min-h-screen bg-page text-text">
      <SkipLink />
      <Sidebar variant="rail" />
      {navDrawerOpen ? (
        <div className="lg:hidden">
          <div aria-hidden="true" className="fixed inset-0 z-30 bg-scrim" onClick={() => setNavDrawerOpen(false)} />
          <Sidebar variant="drawer" />
        </div>
      ) : null}
      <div className="flex min-w-0 flex-1 flex-col">
        <TopBar />
        <div className="flex min-h-0 flex-1">
          <div className="flex min-w-0 flex-1 flex-col">
            <BannerStack />
            <main id="main" tabIndex={-1} className="mx-auto w-full max-w-[1600px] flex-1 px-6 py-6 outline-none">
              <Outlet />
            </main>
          </div>
          {chatOpen ? <ChatPanel /> : null}
        </div>
      </div>
    </div>
  );
}
