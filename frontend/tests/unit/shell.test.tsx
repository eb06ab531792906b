import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { RouteError } from '../../src/components/common/RouteError';
import { AppShell } from '../../src/components/shell/AppShell';
import { routes } from '../../src/routes';
import { useSession } from '../../src/stores/session';
import { useUi } from '../../src/stores/ui';
import { systemStatus } from './fixtures';
import { eventStream, fetchStub, jsonResponse } from './helpers';

const initialSession = useSession.getState();
const initialUi = useUi.getState();

function serve(dataAsOf: string | null, events: 'open' | 'down' = 'open') {
  const stub = fetchStub((url, init) => {
    if (url === '/api/v1/system/status') {
      return jsonResponse(200, systemStatus({ data_as_of: dataAsOf }));
    }
    if (url === '/api/v1/events' && events === 'open') return eventStream(init.signal).response;
    return jsonResponse(503, { error: { code: 'unavailable', message: 'down', details: {} } });
  });
  vi.stubGlobal('fetch', stub.fetch);
  return stub;
}

function renderAt(path: string) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  return render(<RouterProvider router={router} />);
}

beforeEach(() => {
  useSession.setState(initialSession, true);
  useUi.setState(initialUi, true);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('app shell', () => {
  it('shows the landmarks, the sidebar links and the first-run empty state', async () => {
    serve(null);
    renderAt('/');
    expect(await screen.findByRole('heading', { name: 'No data yet' })).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    for (const name of ['Main dashboard', 'Projects', 'People', 'Reports', 'Alerts', 'Upload data', 'Settings']) {
      expect(within(nav).getByRole('link', { name })).toBeTruthy();
    }
    expect(screen.getByRole('banner')).toBeTruthy();
    expect(screen.getByRole('main')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Skip to content' }).getAttribute('href')).toBe('#main');
    expect(within(screen.getByRole('main')).getByRole('link', { name: 'Upload data' }).getAttribute('href')).toBe('/upload');
    expect(screen.getByText('ChiefOps 0.1.0')).toBeTruthy();
    expect(document.title).toBe('ChiefOps · Main dashboard');
  });

  it('shows the as-of date and the storage backend in the sidebar footer', async () => {
    serve('2026-11-30T00:00:00Z');
    renderAt('/');
    expect(await screen.findByText('Data as of 30 Nov 2026')).toBeTruthy();
    expect(screen.getByText('Storage: SQLite')).toBeTruthy();
  });

  it('renders Not found for an unknown path, with links back', async () => {
    serve(null);
    renderAt('/does-not-exist');
    expect(await screen.findByRole('heading', { name: 'Not found', level: 1 })).toBeTruthy();
    const main = screen.getByRole('main');
    expect(within(main).getByRole('link', { name: 'Main dashboard' }).getAttribute('href')).toBe('/');
    expect(within(main).getByRole('link', { name: 'Projects' }).getAttribute('href')).toBe('/projects');
    expect(document.title).toBe('ChiefOps · Not found');
  });

  it('loads a lazy deep link such as /people/:personId', async () => {
    serve(null);
    renderAt('/people/p-42');
    expect(await screen.findByRole('heading', { name: 'Person', level: 1 })).toBeTruthy();
    expect(screen.getByText('p-42')).toBeTruthy();
  });

  it('shows the offline banner when the event stream is unreachable', async () => {
    serve(null, 'down');
    renderAt('/');
    expect(await screen.findByText('Connection to the ChiefOps server lost — retrying')).toBeTruthy();
  });

  it('focuses the quick-ask on Ctrl+K and opens the chat panel with the toggle', async () => {
    serve(null);
    renderAt('/');
    const input = await screen.findByRole('textbox', { name: 'Ask ChiefOps' });
    expect(input.getAttribute('placeholder')).toBe('Ask about projects, people, risks… (Ctrl K)');
    act(() => {
      fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    });
    expect(document.activeElement).toBe(input);
    fireEvent.click(screen.getByRole('button', { name: 'Open chat' }));
    expect(screen.getByRole('complementary', { name: 'Chat' })).toBeTruthy();
    const chat = screen.getByRole('complementary', { name: 'Chat' });
    fireEvent.click(within(chat).getByRole('button', { name: 'Close chat' }));
    expect(screen.queryByRole('complementary', { name: 'Chat' })).toBeNull();
  });

  it('pre-fills the quick-ask from ?ask=', async () => {
    serve(null);
    renderAt('/reports?ask=Generate%20a%20report');
    const input = await screen.findByRole('textbox', { name: 'Ask ChiefOps' });
    await screen.findByRole('heading', { name: 'Reports', level: 1 });
    expect((input as HTMLInputElement).value).toBe('Generate a report');
  });
});

describe('route error boundary', () => {
  function Broken(): never {
    throw new Error('widget exploded');
  }

  it('keeps the shell and shows the error with Retry when a page throws', async () => {
    serve(null);
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const router = createMemoryRouter(
      [{ path: '/', element: <AppShell />, children: [{ index: true, Component: Broken, errorElement: <RouteError /> }] }],
      { initialEntries: ['/'] },
    );
    render(<RouterProvider router={router} />);
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('widget exploded')).toBeTruthy();
    expect(within(alert).getByRole('button', { name: 'Retry' })).toBeTruthy();
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeTruthy();
    quiet.mockRestore();
  });
});
