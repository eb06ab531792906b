import { isRouteErrorResponse, useNavigate, useRouteError } from 'react-router';
import { isApiError } from '../../api/errors';
import { ErrorState } from './ErrorState';

/** Per-route error boundary: the shell stays, only the page area shows the error (08 §2 rule 9). */
export function RouteError() {
  const error = useRouteError();
  const navigate = useNavigate();
  const retry = () => void navigate(0);
  if (isApiError(error)) return <ErrorState message={error.message} code={error.code} onRetry={retry} />;
  if (isRouteErrorResponse(error)) {
    return <ErrorState message={error.statusText || `HTTP ${error.status}`} code={`http_${error.status}`} onRetry={retry} />;
  }
  const message = error instanceof Error ? error.message : 'This page failed to load.';
  return <ErrorState title="This page failed to load" message={message} code="client_error" onRetry={retry} />;
}
