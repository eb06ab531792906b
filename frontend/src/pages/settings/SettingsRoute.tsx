import { useParams } from 'react-router';
import { NotFoundPage } from '../not-found/NotFoundPage';
import { SettingsPage } from './SettingsPage';
import { isSettingsTab } from './tabs';

export function SettingsRoute() {
  const { tab = 'general' } = useParams();
  return isSettingsTab(tab) ? <SettingsPage tab={tab} /> : <NotFoundPage />;
}
