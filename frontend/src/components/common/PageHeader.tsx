import type { ReactNode } from 'react';

interface PageHeaderProps {
  title: string;
  description?: ReactNode;
}

export function PageHeader({ title, description }: PageHeaderProps) {
  return (
    <div className="mb-6">
      <h1 className="text-page-title font-semibold text-primary">{title}</h1>
      {description ? <p className="mt-1 text-ui text-text-2">{description}</p> : null}
    </div>
  );
}
