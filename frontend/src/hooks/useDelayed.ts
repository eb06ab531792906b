import { useEffect, useState } from 'react';

/** False for the first `ms` milliseconds after mount, then true (skeletons wait 150 ms, 08 §9). */
export function useDelayed(ms: number): boolean {
  const [ready, setReady] = useState(ms <= 0);
  useEffect(() => {
    if (ms <= 0) return undefined;
    const timer = setTimeout(() => setReady(true), ms);
    return () => clearTimeout(timer);
  }, [ms]);
  return ready;
}
