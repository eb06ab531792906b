import { formatDate } from '../../lib/format';
import { useSession } from '../../stores/session';

const BACKEND_LABELS: Record<string, string> = { sqlite: 'SQLite', mongodb: 'MongoDB' };

export function SidebarFooter({ className }: { className: string }) {
  const status = useSession((s) => s.status);
  if (!status) return null;
  const asOf = status.data_as_of ? `Data as of ${formatDate(status.data_as_of)}` : 'No data yet';
  const backend = BACKEND_LABELS[status.storage_backend] ?? status.storage_backend;
  return (
    <div className={`border-t border-border px-4 py-3 text-caption text-muted ${className}`}>
      <p>ChiefOps {status.version}</p>
      <p>{asOf}</p>
      <p>Storage: {backend}</p>
    </div>
  );
}
