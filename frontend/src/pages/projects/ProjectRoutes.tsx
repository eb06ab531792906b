import { useParams } from 'react-router';
import { ProjectPage } from './ProjectPage';

export function ProjectRoute() {
  const { projectId = '' } = useParams();
  return <ProjectPage projectId={projectId} view="overview" />;
}

export function CustomDashboardRoute() {
  const { projectId = '' } = useParams();
  return <ProjectPage projectId={projectId} view="custom" />;
}

export function DeepDiveRoute() {
  const { projectId = '' } = useParams();
  return <ProjectPage projectId={projectId} view="deep-dive" />;
}
