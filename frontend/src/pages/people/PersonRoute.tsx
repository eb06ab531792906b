import { useParams } from 'react-router';
import { PersonPage } from './PersonPage';

export function PersonRoute() {
  const { personId = '' } = useParams();
  return <PersonPage personId={personId} />;
}
