// The route table of 08 §3. Every route except the main dashboard is lazy-loaded, and each
// has its own error boundary so a failing page never takes the shell down.
import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { RouteError } from './components/common/RouteError';
import { Skeleton } from './components/common/Skeleton';
import { AppShell } from './components/shell/AppShell';
import { MainDashboardPage } from './pages/main/MainDashboardPage';

type Lazy = () => Promise<{ Component: ComponentType }>;

/** Load a named export as a route component. */
function named<M>(load: () => Promise<M>, pick: (m: M) => ComponentType): Lazy {
  return async () => ({ Component: pick(await load()) });
}

const page = (path: string, lazy: Lazy): RouteObject => ({ path, lazy, errorElement: <RouteError /> });

export const routes: RouteObject[] = [
  {
    path: '/',
    element: <AppShell />,
    hydrateFallbackElement: <Skeleton shape="card" label="Loading ChiefOps…" />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <MainDashboardPage />, errorElement: <RouteError /> },
      page('projects', named(() => import('./pages/projects/ProjectsPage'), (m) => m.ProjectsPage)),
      page('projects/:projectId', named(() => import('./pages/projects/ProjectRoutes'), (m) => m.ProjectRoute)),
      page('projects/:projectId/custom', named(() => import('./pages/projects/ProjectRoutes'), (m) => m.CustomDashboardRoute)),
      page('projects/:projectId/deep-dive', named(() => import('./pages/projects/ProjectRoutes'), (m) => m.DeepDiveRoute)),
      page('people', named(() => import('./pages/people/PeoplePage'), (m) => m.PeoplePage)),
      page('people/:personId', named(() => import('./pages/people/PersonRoute'), (m) => m.PersonRoute)),
      page('upload', named(() => import('./pages/upload/UploadPage'), (m) => m.UploadPage)),
      page('reports', named(() => import('./pages/reports/ReportsPage'), (m) => m.ReportsPage)),
      page('reports/:reportId', named(() => import('./pages/reports/ReportRoute'), (m) => m.ReportRoute)),
      page('alerts', named(() => import('./pages/alerts/AlertsPage'), (m) => m.AlertsPage)),
      page('settings/:tab?', named(() => import('./pages/settings/SettingsRoute'), (m) => m.SettingsRoute)),
      page('sources/slack/:channelId/:ts', named(() => import('./pages/sources/SourceRoutes'), (m) => m.SlackSourceRoute)),
      page('sources/jira/:key', named(() => import('./pages/sources/SourceRoutes'), (m) => m.JiraSourceRoute)),
      page('sources/drive/:documentId', named(() => import('./pages/sources/SourceRoutes'), (m) => m.DriveSourceRoute)),
      page('*', named(() => import('./pages/not-found/NotFoundPage'), (m) => m.NotFoundPage)),
    ],
  },
];
