import { ActionLink } from '../../components/common/ActionLink';
import { EmptyState } from '../../components/common/EmptyState';
import { PageHeader } from '../../components/common/PageHeader';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';

export function PeoplePage() {
  useDocumentTitle('People');
  return (
    <>
      <PageHeader title="People" description="Everyone ChiefOps found in Slack, Jira and Drive." />
      <EmptyState
        title="No people yet"
        icon="people"
        description="People are identified from the imported Slack, Jira and Drive data."
      >
        <ActionLink to="/upload">Upload data</ActionLink>
      </EmptyState>
    </>
  );
}
