import { ActionLink } from '../../components/common/ActionLink';
import { EmptyState } from '../../components/common/EmptyState';

const STEPS = [
  'Export your Slack workspace (Workspace settings → Import/Export data) as a ZIP file.',
  'Export your Jira issues to CSV (Filters → Export → CSV, all fields).',
  'Copy the Google Drive folder with your project documents to this computer.',
] as const;

/** The first-run state of the main dashboard (08 §9). */
export function NoDataYet() {
  return (
    <EmptyState
      title="No data yet"
      icon="upload"
      description={
        <div className="flex flex-col gap-3">
          <p>ChiefOps reads your team&apos;s exports. Three steps get you started:</p>
          <ol className="list-decimal space-y-2 pl-6 text-left">
            {STEPS.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
        </div>
      }
    >
      <ActionLink to="/upload">Upload data</ActionLink>
    </EmptyState>
  );
}
