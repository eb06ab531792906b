import { NavLink } from 'react-router';
import { Icon } from '../common/Icon';

interface ProjectsNavProps {
  labelClass: string;
  onNavigate?: (() => void) | undefined;
}

/** The "Projects" heading and one entry per project (08 §4); the list fills in once projects load. */
export function ProjectsNav({ labelClass, onNavigate }: ProjectsNavProps) {
  return (
    <li className="my-4">
      <h2 id="sidebar-projects-heading" className="m-0">
        <NavLink
          to="/projects"
          end
          title="Projects"
          onClick={onNavigate}
          className={({ isActive }) =>
            `flex h-10 items-center gap-3 rounded-control px-3 text-caption font-semibold tracking-wide uppercase no-underline ${
              isActive ? 'bg-primary text-inverse' : 'text-text-2 hover:bg-subtle hover:text-primary'
            }`
          }
        >
          <Icon name="folder" className="shrink-0" />
          <span className={labelClass}>Projects</span>
        </NavLink>
      </h2>
      <ul aria-labelledby="sidebar-projects-heading" className="mt-1 flex flex-col gap-1">
        <li className="px-3 py-1 text-small text-muted">
          <span className={labelClass}>No projects yet</span>
        </li>
      </ul>
    </li>
  );
}
