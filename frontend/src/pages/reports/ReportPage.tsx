import { ActionLink } from '../../components/common/ActionLink';
import { EmptyState } from '../../components/common/EmptyState';
import { PageHeader } from '../../components/common/PageHeader';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';

export function ReportPage({ reportId }: { reportId: string }) {
  useDocumentTitle('Report');
  return (
    <>
      <PageHeader title="Report" />
      <EmptyState
        title="Report not available"
        icon="report"
        description={
          <>
            The report <code>{reportId}</code> cannot be shown yet.
          </>
        }
      >
        <ActionLink to="/reports" variant="secondary">All reports</ActionLink>
      </EmptyState>
    </>
  );
}
