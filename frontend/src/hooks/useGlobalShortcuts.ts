import { useEffect } from 'react';
import { isModKey, isTypingTarget } from '../lib/keyboard';
import { useUi } from '../stores/ui';

export const QUICK_ASK_ID = 'quick-ask';

function focusQuickAsk() {
  const input = document.getElementById(QUICK_ASK_ID);
  if (input instanceof HTMLInputElement) {
    input.focus();
    input.select();
  }
}

/** Ctrl/Cmd+K (anywhere) and "/" (when not typing) focus the quick-ask; Ctrl/Cmd+. toggles the chat (08 §11). */
export function useGlobalShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (isModKey(event, 'k')) {
        event.preventDefault();
        focusQuickAsk();
      } else if (isModKey(event, '.')) {
        event.preventDefault();
        useUi.getState().toggleChat();
      } else if (event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !isTypingTarget(event.target)) {
        event.preventDefault();
        focusQuickAsk();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
