// UI choices (10 rule 37): sidebar collapsed and chat open are remembered in localStorage;
// the small-screen navigation drawer is not.
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

export const UI_STORAGE_KEY = 'chiefops.ui';

interface UiState {
  sidebarCollapsed: boolean;
  chatOpen: boolean;
  navDrawerOpen: boolean;
  toggleSidebar: () => void;
  setChatOpen: (open: boolean) => void;
  toggleChat: () => void;
  setNavDrawerOpen: (open: boolean) => void;
}

export const useUi = create<UiState>()(
  persist(
    (set) => ({
      sidebarCollapsed: false,
      chatOpen: false,
      navDrawerOpen: false,
      toggleSidebar: () => set((s) => ({ sidebarCollapsed: !s.sidebarCollapsed })),
      setChatOpen: (open) => set({ chatOpen: open }),
      toggleChat: () => set((s) => ({ chatOpen: !s.chatOpen })),
      setNavDrawerOpen: (open) => set({ navDrawerOpen: open }),
    }),
    {
      name: UI_STORAGE_KEY,
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (s) => ({ sidebarCollapsed: s.sidebarCollapsed, chatOpen: s.chatOpen }),
    },
  ),
);
