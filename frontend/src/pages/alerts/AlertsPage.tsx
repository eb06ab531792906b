import { EmptyState } from '../../components/common/EmptyState';
import { ExamplePrompts } from '../../components/common/ExamplePrompts';
import { PageHeader } from '../../components/common/PageHeader';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';

const PROMPTS = ['Alert me if any project has more than 3 open blockers'] as const;

export function AlertsPage() {
  useDocumentTitle('Alerts');
  return (
    <>
      <PageHeader title="Alerts" />
      <EmptyState title="No alerts" icon="bell" description="Ask ChiefOps to watch something, for example:">
        <ExamplePrompts prompts={PROMPTS} />
      </EmptyState>
    </>
  );
}
