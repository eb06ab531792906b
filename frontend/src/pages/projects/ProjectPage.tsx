import { ActionLink } from '../../components/common/ActionLink';
import { EmptyState } from '../../components/common/EmptyState';
import { ExamplePrompts } from '../../components/common/ExamplePrompts';
import { PageHeader } from '../../components/common/PageHeader';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';
import { ProjectTabs } from './ProjectTabs';

export type ProjectView = 'overview' | 'custom' | 'deep-dive';

const CUSTOM_PROMPTS = [
  'Add a bar chart of open tasks per person',
  'Add a line chart of messages per week',
  'Add a table of open high-priority tasks',
] as const;

const VIEWS: Record<ProjectView, { title: string; empty: string; description: string }> = {
  overview: {
    title: 'Project',
    empty: 'No data for this project yet',
    description: "The project's dashboard appears here once its data is imported and analysed.",
  },
  custom: {
    title: 'Custom dashboard',
    empty: 'Your custom dashboard is empty.',
    description: 'Ask for a chart in the quick-ask box and it is added here. For example:',
  },
  'deep-dive': {
    title: 'Deep dive',
    empty: 'No findings for this project yet',
    description: 'Gaps, risks, the backward plan and the feasibility verdict appear here once the data is analysed.',
  },
};

export function ProjectPage({ projectId, view }: { projectId: string; view: ProjectView }) {
  const copy = VIEWS[view];
  useDocumentTitle(copy.title);
  return (
    <>
      <PageHeader title={copy.title} />
      <ProjectTabs projectId={projectId} />
      <EmptyState title={copy.empty} icon="folder" description={copy.description}>
        {view === 'custom' ? <ExamplePrompts prompts={CUSTOM_PROMPTS} /> : null}
        <ActionLink to="/projects" variant="secondary">All projects</ActionLink>
      </EmptyState>
    </>
  );
}
