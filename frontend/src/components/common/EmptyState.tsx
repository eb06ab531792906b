import type { ReactNode } from 'react';
import { Icon, type IconName } from './Icon';

interface EmptyStateProps {
  title: string;
  description?: ReactNode;
  icon?: IconName;
  /** Buttons or links that lead out of the empty state. */
  children?: ReactNode;
}

export function EmptyState({ title, description, icon = 'info', children }: EmptyStateProps) {
  return (
    <section className="mx-auto flex max-w-xl flex-col items-center gap-3 rounded-card border border-border bg-card px-8 py-12 text-center shadow-card">
      <span className="flex size-12 items-center justify-center rounded-full bg-accent-soft text-primary">
        <Icon name={icon} size={24} />
      </span>
      <h2 className="text-section font-semibold text-primary">{title}</h2>
      {description ? <div className="text-prose text-text-2">{description}</div> : null}
      {children ? <div className="mt-2 flex flex-wrap justify-center gap-3">{children}</div> : null}
    </section>
  );
}
