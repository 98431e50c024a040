// What the browser tests share: Debian's Chromium (/usr/bin/chromium, or
// $CHROMIUM) started headless through playwright-core in a throw-away
// profile, one page watched for requests to another origin, page errors
// and Content-Security-Policy violations, and timed steps.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const timeout = 60_000;

const started = Date.now();
export const step = (msg) => console.log(`${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s  ${msg}`);

// run opens a page, calls test(page, problems) and reports: any problem
// recorded by then fails the run (exit code 1), as does an exception.
export async function run(base, viewport, test) {
  const problems = [];
  const profile = mkdtempSync(join(tmpdir(), 'wushe-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    viewport,
  });
  step('chromium started');
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    const origin = new URL(base).origin;
    page.on('request', (req) => {
      const u = req.url();
      if (!u.startsWith(origin + '/') && !u.startsWith('data:') && !u.startsWith('blob:')) problems.push(`request to another origin: ${u}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      if (/Content Security Policy|Refused to/i.test(msg.text())) problems.push(`CSP: ${msg.text()}`);
    });
    await test(page, problems);
    if (process.env.SCREENSHOT) {
      await page.screenshot({ path: process.env.SCREENSHOT, fullPage: true });
      step(`screenshot ${process.env.SCREENSHOT}`);
    }
    if (problems.length) throw new Error(problems.join('\n'));
    step('ok');
  } catch (err) {
    console.error(`FAIL: ${err.message}`);
    if (problems.length) console.error(problems.join('\n'));
    process.exitCode = 1;
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
