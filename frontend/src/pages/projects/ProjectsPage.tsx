import { ActionLink } from '../../components/common/ActionLink';
import { EmptyState } from '../../components/common/EmptyState';
import { PageHeader } from '../../components/common/PageHeader';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';

export function ProjectsPage() {
  useDocumentTitle('Projects');
  return (
    <>
      <PageHeader title="Projects" description="Sorted by health, lowest first." />
      <EmptyState
        title="No projects yet"
        icon="folder"
        description="Projects appear here once Slack, Jira or Drive data is imported and analysed."
      >
        <ActionLink to="/upload">Upload data</ActionLink>
      </EmptyState>
    </>
  );
}
