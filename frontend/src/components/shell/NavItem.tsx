import { NavLink } from 'react-router';
import { Icon, type IconName } from '../common/Icon';

interface NavItemProps {
  to: string;
  label: string;
  icon: IconName;
  /** Class for the text label: sr-only when the sidebar is a 64 px rail. */
  labelClass: string;
  end?: boolean;
  onNavigate?: (() => void) | undefined;
}

export function NavItem({ to, label, icon, labelClass, end, onNavigate }: NavItemProps) {
  return (
    <li>
      <NavLink
        to={to}
        end={end}
        title={label}
        onClick={onNavigate}
        className={({ isActive }) =>
          `flex h-10 items-center gap-3 rounded-control px-3 text-ui font-medium no-underline ${
            isActive ? 'bg-primary text-inverse' : 'text-text-2 hover:bg-subtle hover:text-primary'
          }`
        }
      >
        <Icon name={icon} className="shrink-0" />
        <span className={labelClass}>{label}</span>
      </NavLink>
    </li>
  );
}
