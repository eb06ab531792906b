import { Link } from 'react-router';
import { useUi } from '../../stores/ui';
import { Icon } from '../common/Icon';
import { NavItem } from './NavItem';
import { ProjectsNav } from './ProjectsNav';
import { SidebarFooter } from './SidebarFooter';

interface SidebarProps {
  /** rail: 240 px (64 px collapsed, or below 1280 px wide); drawer: the overlay below 1024 px. */
  variant: 'rail' | 'drawer';
}

export function Sidebar({ variant }: SidebarProps) {
  const collapsed = useUi((s) => s.sidebarCollapsed);
  const toggleSidebar = useUi((s) => s.toggleSidebar);
  const setNavDrawerOpen = useUi((s) => s.setNavDrawerOpen);
  const rail = variant === 'rail';
  const labelClass = rail ? (collapsed ? 'sr-only' : 'sr-only xl:not-sr-only') : '';
  const wideOnly = rail ? (collapsed ? 'hidden' : 'hidden xl:block') : '';
  const onNavigate = rail ? undefined : () => setNavDrawerOpen(false);
  const width = rail ? `w-sidebar-collapsed ${collapsed ? '' : 'xl:w-sidebar'}` : 'w-sidebar';

  return (
    <nav
      aria-label="Main"
      className={`${width} ${rail ? 'sticky top-0 hidden h-screen lg:flex' : 'fixed inset-y-0 left-0 z-40 flex h-full shadow-overlay'} shrink-0 flex-col border-r border-border bg-card`}
    >
      <Link
        to="/"
        onClick={onNavigate}
        className="flex h-topbar shrink-0 items-center gap-2 border-b border-border px-4 text-card-title font-bold text-primary no-underline"
      >
        <Icon name="logo" size={24} className="shrink-0" />
        <span className={labelClass}>ChiefOps</span>
      </Link>
      <div className="flex-1 overflow-y-auto px-3 py-4">
        <ul className="flex flex-col gap-1">
          <NavItem to="/" end label="Main dashboard" icon="home" labelClass={labelClass} onNavigate={onNavigate} />
          <ProjectsNav labelClass={labelClass} onNavigate={onNavigate} />
          <NavItem to="/people" label="People" icon="people" labelClass={labelClass} onNavigate={onNavigate} />
          <NavItem to="/reports" label="Reports" icon="report" labelClass={labelClass} onNavigate={onNavigate} />
          <NavItem to="/alerts" label="Alerts" icon="bell" labelClass={labelClass} onNavigate={onNavigate} />
          <NavItem to="/upload" label="Upload data" icon="upload" labelClass={labelClass} onNavigate={onNavigate} />
          <NavItem to="/settings" label="Settings" icon="settings" labelClass={labelClass} onNavigate={onNavigate} />
        </ul>
      </div>
      <SidebarFooter className={wideOnly} />
      {rail ? (
        <button
          type="button"
          onClick={toggleSidebar}
          aria-label={collapsed ? 'Expand sidebar' : 'Collapse sidebar'}
          className="btn-icon m-3 hidden self-end xl:inline-flex"
        >
          <Icon name={collapsed ? 'expand' : 'collapse'} />
        </button>
      ) : null}
    </nav>
  );
}
