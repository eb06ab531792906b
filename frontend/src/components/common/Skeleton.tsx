import { useDelayed } from '../../hooks/useDelayed';

interface SkeletonProps {
  shape?: 'lines' | 'card' | 'circle';
  lines?: number;
  label?: string;
}

const WIDTHS = ['w-full', 'w-11/12', 'w-4/5', 'w-2/3'];

/** Shown only after 150 ms, shaped like the content; static under reduced motion (08 §9). */
export function Skeleton({ shape = 'lines', lines = 3, label = 'Loading…' }: SkeletonProps) {
  const visible = useDelayed(150);
  return (
    <div role="status" aria-live="polite" className="w-full">
      <span className="sr-only">{label}</span>
      {visible ? (
        <div aria-hidden="true">
          {shape === 'circle' ? <div className="skeleton size-10 rounded-full" /> : null}
          {shape === 'card' ? <div className="skeleton h-40 w-full rounded-card" /> : null}
          {shape === 'lines' ? (
            <div className="flex flex-col gap-3">
              {Array.from({ length: lines }, (_, i) => (
                <div key={i} className={`skeleton h-4 rounded-control ${WIDTHS[i % WIDTHS.length] ?? 'w-full'}`} />
              ))}
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
