import { useState, type KeyboardEvent } from 'react';
import { useSearchParams } from 'react-router';
import { QUICK_ASK_ID } from '../../hooks/useGlobalShortcuts';
import { useUi } from '../../stores/ui';
import { Icon } from '../common/Icon';

export const QUICK_ASK_MAX = 8000;

/** The quick-ask box (08 §4). `?ask=<text>` pre-fills it; Enter opens the chat panel. */
export function QuickAsk() {
  const [searchParams] = useSearchParams();
  const prefill = searchParams.get('ask');
  const [text, setText] = useState(prefill?.slice(0, QUICK_ASK_MAX) ?? '');
  const [appliedPrefill, setAppliedPrefill] = useState(prefill);
  const setChatOpen = useUi((s) => s.setChatOpen);

  // A new ?ask= value replaces the text (adjusting state during render, not in an effect).
  if (prefill !== appliedPrefill) {
    setAppliedPrefill(prefill);
    if (prefill !== null) setText(prefill.slice(0, QUICK_ASK_MAX));
  }

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      if (text) setText('');
      else event.currentTarget.blur();
    } else if (event.key === 'Enter' && text.trim()) {
      event.preventDefault();
      setChatOpen(true);
    }
  };

  return (
    <div className="relative w-full max-w-[560px]">
      <Icon name="search" size={16} className="pointer-events-none absolute top-1/2 left-3 -translate-y-1/2 text-muted" />
      <input
        id={QUICK_ASK_ID}
        type="text"
        value={text}
        maxLength={QUICK_ASK_MAX}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        aria-label="Ask ChiefOps"
        aria-keyshortcuts="Control+K Meta+K"
        placeholder="Ask about projects, people, risks… (Ctrl K)"
        autoComplete="off"
        className="h-9 w-full rounded-control border border-border bg-card pr-3 pl-9 text-ui text-text placeholder:text-muted"
      />
    </div>
  );
}
