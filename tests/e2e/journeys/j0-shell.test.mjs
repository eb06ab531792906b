// J0 shell: an empty instance shows the first-run state and the sidebar; sidebar navigation,
// a deep link served by the SPA fallback, and the Not found page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkAxe, checkNoHorizontalScroll, runJourney, screenshot } from '../harness.mjs';

const SIDEBAR_LINKS = ['Main dashboard', 'Projects', 'People', 'Reports', 'Alerts', 'Upload data', 'Settings'];

test('J0 shell: empty state, sidebar, deep link, not found', async () => {
  await runJourney('j0-shell', { data: 'empty' }, async ({ page, baseUrl }) => {
    const response = await page.goto(`${baseUrl}/`);
    assert.equal(response?.status(), 200);
    await page.getByRole('heading', { name: 'No data yet' }).waitFor();
    await page.getByRole('main').getByRole('link', { name: 'Upload data' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const name of SIDEBAR_LINKS) await nav.getByRole('link', { name, exact: true }).waitFor();
    await page.getByRole('textbox', { name: 'Ask ChiefOps' }).waitFor();
    await nav.locator('xpath=..').getByText(/^ChiefOps \d+\.\d+/).waitFor();
    assert.equal(await page.title(), 'ChiefOps · Main dashboard');

    const interLoaded = await page.evaluate(async () => {
      await document.fonts.ready;
      return [...document.fonts].some((f) => f.family.replace(/"/g, '') === 'Inter' && f.status === 'loaded');
    });
    assert.ok(interLoaded, 'the bundled Inter font is loaded');
    await checkAxe(page, 'main dashboard (empty)');
    await screenshot(page, '00-shell');

    await page.keyboard.press('Control+k');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Ask ChiefOps');

    await nav.getByRole('link', { name: 'People', exact: true }).click();
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/people');
    assert.equal(await page.title(), 'ChiefOps · People');
    await checkAxe(page, 'people');
    await page.goBack();
    await page.getByRole('heading', { name: 'No data yet' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/');

    const deepLink = await page.goto(`${baseUrl}/people/x`);
    assert.equal(deepLink?.status(), 200);
    await page.getByRole('heading', { name: 'Person', level: 1 }).waitFor();

    await page.goto(`${baseUrl}/does-not-exist`);
    await page.getByRole('heading', { name: 'Not found', level: 1 }).waitFor();
    const main = page.getByRole('main');
    assert.equal(await main.getByRole('link', { name: 'Main dashboard' }).getAttribute('href'), '/');
    assert.equal(await main.getByRole('link', { name: 'Projects' }).getAttribute('href'), '/projects');
    await checkAxe(page, 'not found');
    await checkNoHorizontalScroll(page);

    assert.equal(await page.getByText('Connection to the ChiefOps server lost').count(), 0, 'no offline banner while the server runs');
  });
});
