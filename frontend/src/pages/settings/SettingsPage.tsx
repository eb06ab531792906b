import { Link } from 'react-router';
import { EmptyState } from '../../components/common/EmptyState';
import { PageHeader } from '../../components/common/PageHeader';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';
import { SystemFacts } from './SystemFacts';
import { SETTINGS_TABS, type SettingsTab } from './tabs';

export function SettingsPage({ tab }: { tab: SettingsTab }) {
  const current = SETTINGS_TABS.find((t) => t.id === tab);
  useDocumentTitle(`Settings · ${current?.label ?? ''}`);
  return (
    <>
      <PageHeader title="Settings" />
      <nav aria-label="Settings sections" className="mb-6 border-b border-border">
        <ul className="flex flex-wrap gap-2">
          {SETTINGS_TABS.map((t) => (
            <li key={t.id}>
              <Link
                to={`/settings/${t.id}`}
                className={`-mb-px block border-b-2 px-3 py-2 text-ui font-medium no-underline ${
                  t.id === tab ? 'border-primary text-primary' : 'border-transparent text-text-2 hover:text-primary'
                }`}
                aria-current={t.id === tab ? 'page' : undefined}
              >
                {t.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <h2 className="mb-4 text-section font-semibold text-primary">{current?.label}</h2>
      {tab === 'ai' || tab === 'data' ? (
        <SystemFacts tab={tab} />
      ) : (
        <EmptyState title="Nothing to change here yet" icon="settings" description="These settings arrive in a later version." />
      )}
    </>
  );
}
