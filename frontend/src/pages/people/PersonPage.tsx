import { ActionLink } from '../../components/common/ActionLink';
import { EmptyState } from '../../components/common/EmptyState';
import { PageHeader } from '../../components/common/PageHeader';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';

export function PersonPage({ personId }: { personId: string }) {
  useDocumentTitle('Person');
  return (
    <>
      <PageHeader title="Person" />
      <EmptyState
        title="No details for this person yet"
        icon="people"
        description={
          <>
            Details for <code>{personId}</code> appear here once data is imported and analysed.
          </>
        }
      >
        <ActionLink to="/people" variant="secondary">All people</ActionLink>
      </EmptyState>
    </>
  );
}
