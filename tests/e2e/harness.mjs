// What a browser test file needs: a `docket serve` on a fresh demo database
// and a free loopback port, Debian's Chromium driven by playwright-core, and
// the page check every test makes (axe-core: no serious or critical WCAG 2.2
// A/AA violation; no sideways scrolling at a phone's width; a screenshot
// under $DOCKET_E2E_ARTIFACTS).
//
// Environment (set by tests/e2e/CMakeLists.txt): DOCKET_BIN, DOCKET_SOURCE_DIR,
// DOCKET_WEB_DIR, DOCKET_E2E_ARTIFACTS.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

export const SOURCE = process.env.DOCKET_SOURCE_DIR ?? path.resolve(import.meta.dirname, '../..');
export const DOCKET = process.env.DOCKET_BIN ?? path.join(SOURCE, 'build/docket');
export const WEB = process.env.DOCKET_WEB_DIR ?? path.join(SOURCE, 'web/dist');
const CHROMIUM = process.env.DOCKET_CHROMIUM ?? '/usr/bin/chromium';
const PASSWORD = 'docket-demo-password';
const TOTP_SECRET = 'MRXWG23FOQWWIZLNN4WXI33UOAWWWZLZ';

// playwright-core and axe-core are the web app's pinned dev dependencies.
const requireWeb = createRequire(path.join(SOURCE, 'web/package.json'));
const { chromium } = requireWeb('playwright-core');
const AXE_SOURCE = fs.readFileSync(requireWeb.resolve('axe-core/axe.min.js'), 'utf8');

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s), as an authenticator app computes it. */
export function totp(secret, at = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30000)));
  const h = crypto.createHmac('sha1', key).update(counter).digest();
  const offset = h[h.length - 1] & 0xf;
  return String((h.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function docket(...args) {
  return execFileSync(DOCKET, args, { cwd: SOURCE, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** One browser session against one server, for the steps of one test file. */
export function harness(name) {
  const artifacts = process.env.DOCKET_E2E_ARTIFACTS ?? path.join(SOURCE, `build/e2e-artifacts-${name}`);
  const state = {
    artifacts, dir: '', db: '', base: '', server: null, context: null, page: null, serverLog: '', shot: 0, failed: false, openapi: null,
    checked: [],
  };

  /** A step that is skipped once an earlier one failed, since each builds on the last. */
  function step(title, fn) {
    it(title, async (t) => {
      if (state.failed) {
        t.skip('an earlier step failed');
        return;
      }
      try {
        await fn(t);
      } catch (error) {
        state.failed = true;
        if (state.page) {
          await state.page.screenshot({ path: path.join(artifacts, `FAILED-${title.replace(/\W+/g, '-')}.png`), fullPage: true }).catch(() => {});
        }
        throw error;
      }
    });
  }

  /** Waits for loading indicators to go, runs axe, checks the width, and saves a screenshot. */
  async function checkPage(shot, { width, readme } = {}) {
    const page = state.page;
    await page.waitForFunction(() => !document.querySelector('.loading'), null, { timeout: 15000 });
    await page.evaluate(AXE_SOURCE);
    const result = await page.evaluate(() => window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    }));
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    await page.screenshot({ path: path.join(artifacts, `${String(++state.shot).padStart(2, '0')}-${shot}.png`), fullPage: true });
    // The README shows what a person first sees of a few pages.
    if (readme) {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: path.join(artifacts, `readme-${readme}.png`) });
    }
    state.checked.push(shot);
    assert.deepEqual(bad.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`), [],
      `axe found serious or critical violations on ${shot}`);
    if (width) {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${shot} scrolls sideways at ${width} px by ${overflow} px`);
    }
  }

  async function signIn(username, { staff = true } = {}) {
    const page = state.page;
    await page.goto(`${state.base}/login`);
    await page.getByLabel('User name').fill(username);
    await page.getByLabel('Password').fill(PASSWORD);
    if (staff) {
      // A code about to expire might be checked in the next window: wait it out.
      const left = 30000 - (Date.now() % 30000);
      if (left < 3000) await page.waitForTimeout(left + 200);
      await page.getByLabel('Authenticator code').fill(totp(TOTP_SECRET));
    }
    await page.getByLabel('Password').press('Enter');
    await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 15000 });
  }

  async function signOut() {
    await state.page.getByRole('button', { name: 'Sign out' }).click();
    await state.page.waitForURL(/\/login/);
  }

  /** Makes the demo database (`prepare` may add to it), starts the server on it and opens the browser. */
  async function start({ demo = ['--members', '5000', '--cases', '400'], prepare } = {}) {
    assert.ok(fs.existsSync(path.join(WEB, 'index.html')), `the web app is not built: ${WEB}/index.html is missing (run make, or npm run build in web/)`);
    assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: run scripts/setup-deps`);
    fs.rmSync(artifacts, { recursive: true, force: true });
    fs.mkdirSync(artifacts, { recursive: true });
    state.dir = fs.mkdtempSync(path.join(os.tmpdir(), `docket-e2e-${name}-`));
    state.db = path.join(state.dir, 'demo.db');
    docket('demo', '--db', state.db, ...demo);
    if (prepare) await prepare(state);

    const port = await freePort();
    state.base = `http://127.0.0.1:${port}`;
    state.server = spawn(DOCKET, ['serve', '--db', state.db, '--listen', `127.0.0.1:${port}`, '--web', WEB,
                                  '--evidence-dir', path.join(state.dir, 'evidence')], { cwd: SOURCE, stdio: ['ignore', 'pipe', 'pipe'] });
    state.server.stdout.on('data', (d) => { state.serverLog += d; });
    state.server.stderr.on('data', (d) => { state.serverLog += d; });
    for (let i = 0; ; ++i) {
      try {
        const r = await fetch(`${state.base}/healthz`);
        if (r.ok) break;
      } catch {
        // Not listening yet.
      }
      assert.ok(i < 100 && state.server.exitCode === null, `docket serve did not start:\n${state.serverLog}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    state.openapi = await (await fetch(`${state.base}/api/v1/openapi.json`)).json();

    state.context = await chromium.launchPersistentContext(path.join(state.dir, 'profile'), {
      executablePath: CHROMIUM, headless: true, locale: 'en-GB', timezoneId: 'Europe/London', viewport: { width: 1280, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
             '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    state.page = state.context.pages()[0] ?? await state.context.newPage();
    state.page.setDefaultTimeout(15000);
    state.page.on('pageerror', (error) => { state.serverLog += `\n[page error] ${error.message}`; });
  }

  async function stop() {
    await state.context?.close().catch(() => {});
    if (state.server && state.server.exitCode === null) {
      state.server.kill('SIGTERM');
      await new Promise((r) => state.server.once('exit', r));
    }
    if (fs.existsSync(artifacts)) fs.writeFileSync(path.join(artifacts, 'server.log'), state.serverLog);
    if (!state.failed) fs.rmSync(state.dir, { recursive: true, force: true });
    else console.log(`kept ${state.dir} for inspection; screenshots in ${artifacts}`);
  }

  return { state, step, checkPage, signIn, signOut, start, stop };
}
