import { Icon } from './Icon';

interface ErrorStateProps {
  title?: string;
  message: string;
  code?: string | undefined;
  onRetry?: (() => void) | undefined;
}

/** The human message, the error code and Retry (08 §9). */
export function ErrorState({ title = 'Something went wrong', message, code, onRetry }: ErrorStateProps) {
  return (
    <section
      role="alert"
      className="mx-auto flex max-w-xl flex-col items-center gap-3 rounded-card border border-border bg-card px-8 py-10 text-center shadow-card"
    >
      <span className="flex size-12 items-center justify-center rounded-full bg-behind-bg text-behind">
        <Icon name="alert" size={24} />
      </span>
      <h2 className="text-section font-semibold text-text">{title}</h2>
      <p className="text-prose text-text-2">{message}</p>
      {code ? <p className="text-caption text-muted">Error code: <code>{code}</code></p> : null}
      {onRetry ? (
        <button type="button" onClick={onRetry} className="btn-primary mt-2">
          Retry
        </button>
      ) : null}
    </section>
  );
}
