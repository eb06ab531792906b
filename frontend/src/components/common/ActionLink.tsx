import type { ReactNode } from 'react';
import { Link, type To } from 'react-router';

interface ActionLinkProps {
  to: To;
  children: ReactNode;
  variant?: 'primary' | 'secondary';
}

/** A link that looks like a button (navigation stays a link for assistive technology). */
export function ActionLink({ to, children, variant = 'primary' }: ActionLinkProps) {
  return (
    <Link to={to} className={variant === 'primary' ? 'btn-primary' : 'btn-secondary'}>
      {children}
    </Link>
  );
}
