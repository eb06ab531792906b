import { useParams } from 'react-router';
import { ReportPage } from './ReportPage';

export function ReportRoute() {
  const { reportId = '' } = useParams();
  return <ReportPage reportId={reportId} />;
}
