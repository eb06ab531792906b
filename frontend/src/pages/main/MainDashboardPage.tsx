import { EmptyState } from '../../components/common/EmptyState';
import { ErrorState } from '../../components/common/ErrorState';
import { PageHeader } from '../../components/common/PageHeader';
import { Skeleton } from '../../components/common/Skeleton';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';
import { formatDate } from '../../lib/format';
import { useSession } from '../../stores/session';
import { NoDataYet } from './NoDataYet';

export function MainDashboardPage() {
  useDocumentTitle('Main dashboard');
  const status = useSession((s) => s.status);
  const error = useSession((s) => s.statusError);
  const loadStatus = useSession((s) => s.loadStatus);

  let body;
  if (status === null && error !== null) {
    body = <ErrorState message={error.message} code={error.code} onRetry={() => void loadStatus()} />;
  } else if (status === null) {
    body = <Skeleton shape="card" label="Loading the dashboard…" />;
  } else if (status.data_as_of === null) {
    body = <NoDataYet />;
  } else {
    body = (
      <EmptyState
        title="Dashboard not available yet"
        description={`Data as of ${formatDate(status.data_as_of)} is imported. The dashboard widgets arrive in a later version.`}
      />
    );
  }

  return (
    <>
      <PageHeader title="Main dashboard" />
      {body}
    </>
  );
}
