import { ActionLink } from '../../components/common/ActionLink';
import { EmptyState } from '../../components/common/EmptyState';
import { PageHeader } from '../../components/common/PageHeader';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';

export function NotFoundPage() {
  useDocumentTitle('Not found');
  return (
    <>
      <PageHeader title="Not found" />
      <EmptyState title="This page does not exist" description="The link may be old, or the item was removed.">
        <ActionLink to="/">Main dashboard</ActionLink>
        <ActionLink to="/projects" variant="secondary">Projects</ActionLink>
      </EmptyState>
    </>
  );
}
