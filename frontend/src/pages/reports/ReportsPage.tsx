import { EmptyState } from '../../components/common/EmptyState';
import { ExamplePrompts } from '../../components/common/ExamplePrompts';
import { PageHeader } from '../../components/common/PageHeader';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';

const PROMPTS = [
  'Generate a weekly status report for all projects',
  'Generate a risk report for the project with the lowest health',
] as const;

export function ReportsPage() {
  useDocumentTitle('Reports');
  return (
    <>
      <PageHeader title="Reports" />
      <EmptyState title="No reports yet" icon="report" description="Reports are created from the chat. Try:">
        <ExamplePrompts prompts={PROMPTS} />
      </EmptyState>
    </>
  );
}
