import { EmptyState } from '../../components/common/EmptyState';
import { PageHeader } from '../../components/common/PageHeader';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';

export function UploadPage() {
  useDocumentTitle('Upload data');
  return (
    <>
      <PageHeader
        title="Upload data"
        description="Slack exports (.zip, .json), Jira exports (.csv, .xlsx) and Drive folders (.pdf, .docx, .pptx, .md, .txt…)."
      />
      <section aria-labelledby="upload-history-heading" className="flex flex-col gap-4">
        <h2 id="upload-history-heading" className="text-section font-semibold text-primary">
          History
        </h2>
        <EmptyState title="No imports yet" icon="upload" description="Imports you start from this page are listed here." />
      </section>
    </>
  );
}
