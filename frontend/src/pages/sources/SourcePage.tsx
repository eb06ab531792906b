import { EmptyState } from '../../components/common/EmptyState';
import { PageHeader } from '../../components/common/PageHeader';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';

export type SourceKind = 'slack' | 'jira' | 'drive';

const TITLES: Record<SourceKind, string> = {
  slack: 'Slack message',
  jira: 'Jira issue',
  drive: 'Document',
};

/** The full-page form of the source drawer (08 §3, §5). `reference` is shown as text, never as HTML. */
export function SourcePage({ kind, reference }: { kind: SourceKind; reference: string }) {
  useDocumentTitle(TITLES[kind]);
  return (
    <>
      <PageHeader title={TITLES[kind]} description={reference} />
      <EmptyState title="Source not available" description="This source cannot be shown yet." />
    </>
  );
}
