import { NavLink } from 'react-router';

const tabClass = ({ isActive }: { isActive: boolean }) =>
  `-mb-px border-b-2 px-3 py-2 text-ui font-medium no-underline ${
    isActive ? 'border-primary text-primary' : 'border-transparent text-text-2 hover:text-primary'
  }`;

/** Overview · Custom · Deep dive · Reports (08 §3). */
export function ProjectTabs({ projectId }: { projectId: string }) {
  const base = `/projects/${encodeURIComponent(projectId)}`;
  return (
    <nav aria-label="Project views" className="mb-6 border-b border-border">
      <ul className="flex gap-2">
        <li>
          <NavLink to={base} end className={tabClass}>Overview</NavLink>
        </li>
        <li>
          <NavLink to={`${base}/custom`} className={tabClass}>Custom</NavLink>
        </li>
        <li>
          <NavLink to={`${base}/deep-dive`} className={tabClass}>Deep dive</NavLink>
        </li>
        <li>
          <NavLink to={`/reports?project=${encodeURIComponent(projectId)}`} className={tabClass}>Reports</NavLink>
        </li>
      </ul>
    </nav>
  );
}
