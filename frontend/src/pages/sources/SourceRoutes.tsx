import { useParams } from 'react-router';
import { SourcePage } from './SourcePage';

export function SlackSourceRoute() {
  const { channelId = '', ts = '' } = useParams();
  return <SourcePage kind="slack" reference={`${channelId} · ${ts}`} />;
}

export function JiraSourceRoute() {
  const { key = '' } = useParams();
  return <SourcePage kind="jira" reference={key} />;
}

export function DriveSourceRoute() {
  const { documentId = '' } = useParams();
  return <SourcePage kind="drive" reference={documentId} />;
}
