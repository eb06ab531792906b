import { Skeleton } from '../../components/common/Skeleton';
import { useSession } from '../../stores/session';

/** Read-only facts from /system/status for the AI provider and Data tabs. */
export function SystemFacts({ tab }: { tab: 'ai' | 'data' }) {
  const status = useSession((s) => s.status);
  if (!status) return <Skeleton lines={2} />;
  const rows: [string, string][] =
    tab === 'ai'
      ? [
          ['Provider', status.ai.provider],
          ['Model', status.ai.model ?? 'Not set'],
          ['State', status.ai.state],
        ]
      : [
          ['Storage backend', status.storage_backend],
          ['Version', status.version],
        ];
  return (
    <dl className="grid max-w-xl grid-cols-[12rem_1fr] gap-x-6 gap-y-2 rounded-card border border-border bg-card p-6 shadow-card">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-ui text-text-2">{label}</dt>
          <dd className="text-ui font-medium text-text">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
