import { useSession } from '../../stores/session';
import { Icon } from '../common/Icon';

/**
 * Banners under the top bar, in the order of 08 §4: offline, AI degraded, redaction off,
 * ingestion running, active alerts. Error banners use role="alert", the others role="status".
 */
export function BannerStack() {
  const offline = useSession((s) => s.connection === 'offline');
  return (
    <div className="flex flex-col">
      <div role="status">
        {offline ? (
          <div className="flex items-center gap-2 border-b border-border bg-at-risk-bg px-6 py-2 text-ui text-at-risk">
            <Icon name="alert" size={16} className="shrink-0" />
            <span>Connection to the ChiefOps server lost — retrying</span>
          </div>
        ) : null}
      </div>
    </div>
  );
}
