// Shared harness for the browser journeys (08 §13). Each journey file calls runJourney(),
// which starts `python -m chiefops serve` on a temp data dir and a free port, opens the
// system Chromium through playwright-core with the network guard, the console guard and axe,
// and cleans up (keeping the temp dir, and printing its path, only when the journey failed).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

export const E2E_DIR = fileURLToPath(new URL('.', import.meta.url));
export const REPO_ROOT = resolve(E2E_DIR, '..', '..');
export const ARTIFACTS_DIR = join(E2E_DIR, 'artifacts');
export const SCREENSHOTS_DIR = join(ARTIFACTS_DIR, 'screenshots');
export const CHROMIUM = process.env.CHIEFOPS_CHROMIUM ?? '/usr/bin/chromium';
export const PYTHON = resolvePython(process.env.CHIEFOPS_PYTHON);
export const DEFAULT_TIMEOUT_MS = 15_000;
export const HEALTH_TIMEOUT_MS = 30_000;
export const VIEWPORT = { width: 1440, height: 900 };
export const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--no-first-run',
  '--disable-quic',
  '--disable-component-update',
  '--disable-sync',
];

function resolvePython(fromEnv) {
  if (!fromEnv) return join(REPO_ROOT, '.venv', 'bin', 'python');
  return isAbsolute(fromEnv) || !fromEnv.includes('/') ? fromEnv : resolve(REPO_ROOT, fromEnv);
}

export function chromiumAvailable() {
  return existsSync(CHROMIUM);
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

function python(args, env, logFile) {
  const run = spawnSync(PYTHON, ['-m', 'chiefops', ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (logFile) createWriteStream(logFile, { flags: 'a' }).end(`${run.stdout ?? ''}${run.stderr ?? ''}`);
  if (run.status !== 0) throw new Error(`python -m chiefops ${args.join(' ')} failed (${run.status}): ${run.stderr || run.error}`);
}

let seededWorld = null;

/**
 * For J2–J6: the demo world, ingested once per process into a "seeded" data dir that each
 * journey copies (08 §13 steps 1–2). Returns the path of that data dir.
 */
export function seededDataDir() {
  if (seededWorld) return seededWorld;
  const root = mkdtempSync(join(tmpdir(), 'chiefops-e2e-world-'));
  const log = join(root, 'prepare.log');
  python(['demo-data', join(root, 'demo')], {}, log);
  python(['ingest', join(root, 'demo')], { CHIEFOPS_DATA_DIR: join(root, 'seeded'), CHIEFOPS_AI_PROVIDER: 'local' }, log);
  seededWorld = join(root, 'seeded');
  process.on('exit', () => rmSync(root, { recursive: true, force: true }));
  return seededWorld;
}

async function waitForHealth(baseUrl, child, logFile) {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const res = await fetch(`${baseUrl}/api/v1/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err.cause?.code ?? err.message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-4000) : '';
  const why = child.exitCode !== null ? `exited with ${child.exitCode}` : `not healthy after ${HEALTH_TIMEOUT_MS / 1000} s (${last})`;
  throw new Error(`chiefops serve ${why}\n--- server log (tail) ---\n${log}`);
}

/** Start `python -m chiefops serve` on dataDir; resolves once GET /api/v1/health answers 200. */
export async function startServer(dataDir, logFile) {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const out = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(PYTHON, ['-m', 'chiefops', 'serve'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      CHIEFOPS_DATA_DIR: dataDir,
      CHIEFOPS_HOST: '127.0.0.1',
      CHIEFOPS_PORT: String(port),
      CHIEFOPS_AI_PROVIDER: 'local',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  const exited = new Promise((r) => child.once('exit', r));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(child.pid, 'SIGTERM');
      const killer = setTimeout(() => child.exitCode === null && process.kill(child.pid, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
    out.end();
  };
  try {
    await waitForHealth(baseUrl, child, logFile);
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseUrl, pid: child.pid, stop };
}

export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
}

/**
 * A browser context with the per-journey checks: requests to any host other than 127.0.0.1
 * are aborted and recorded; console errors and page errors are recorded.
 */
export async function openContext(browser) {
  const problems = [];
  const context = await browser.newContext({
    viewport: VIEWPORT,
    deviceScaleFactor: 1,
    locale: 'en-US',
    timezoneId: 'UTC',
    acceptDownloads: true,
  });
  context.setDefaultTimeout(DEFAULT_TIMEOUT_MS);
  await context.addInitScript(() => window.localStorage.setItem('chiefops.debug', '1'));
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    problems.push(`foreign request blocked: ${url.href}`);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console.error: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  return { context, page, problems };
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core, evaluated from node_modules (not a script tag, so the CSP stays on): 0 serious or critical. */
export async function checkAxe(page, label) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(`${AXE_SOURCE}\n;undefined`);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad, [], `axe on ${label}: ${JSON.stringify(bad, null, 2)}`);
  return violations;
}

/** No horizontal scroll at 1280×800 and 1920×1080 (08 §12); restores the 1440×900 viewport. */
export async function checkNoHorizontalScroll(page, sizes = [{ width: 1280, height: 800 }, { width: 1920, height: 1080 }]) {
  try {
    for (const size of sizes) {
      await page.setViewportSize(size);
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      assert.ok(scrollWidth <= clientWidth, `horizontal scroll at ${size.width}×${size.height}: ${scrollWidth} > ${clientWidth}`);
    }
  } finally {
    await page.setViewportSize(VIEWPORT);
  }
}

/** Full-page screenshot at 1440×900 into artifacts/screenshots/<name>.png. */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.setViewportSize(VIEWPORT);
  await page.evaluate(() => document.fonts.ready);
  const path = join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Run one journey: data is 'empty' (a fresh data dir) or 'seeded' (a copy of the ingested demo
 * world). `body` gets {page, context, baseUrl, dataDir}. Throws on any failure or guard problem.
 */
export async function runJourney(name, { data = 'empty' } = {}, body) {
  const workDir = mkdtempSync(join(tmpdir(), `chiefops-e2e-${name}-`));
  const dataDir = join(workDir, 'data');
  const logFile = join(workDir, 'server.log');
  if (data === 'seeded') cpSync(seededDataDir(), dataDir, { recursive: true });
  else mkdirSync(dataDir);

  let server;
  let browser;
  let failed = true;
  try {
    server = await startServer(dataDir, logFile);
    browser = await launchBrowser();
    const { context, page, problems } = await openContext(browser);
    try {
      await body({ page, context, baseUrl: server.baseUrl, dataDir });
    } catch (err) {
      mkdirSync(join(ARTIFACTS_DIR, 'failures'), { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS_DIR, 'failures', `${name}.png`), fullPage: true }).catch(() => {});
      if (problems.length > 0 && err instanceof Error) err.message += `\nguard problems:\n${problems.join('\n')}`;
      throw err;
    } finally {
      await context.close();
    }
    assert.deepEqual(problems, [], `${name}: guard problems:\n${problems.join('\n')}`);
    failed = false;
  } finally {
    await browser?.close();
    await server?.stop();
    if (failed) console.error(`# ${name} failed; kept ${workDir} (data dir, server.log)`);
    else rmSync(workDir, { recursive: true, force: true });
  }
}
