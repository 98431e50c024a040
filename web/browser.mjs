// Drives GraphiQL at <url>/ in headless Chromium (Debian's /usr/bin/chromium
// through playwright-core; no browser download): runs { viewer { role } } and
// expects PUBLIC in the result pane; with a token, puts it in the token box,
// runs the query again and expects <role>, and checks the token survives a
// reload. Fails on any request to another origin, any page error and any
// Content-Security-Policy violation.
//
//   node browser.mjs http://127.0.0.1:8080 [token role]
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, token, role] = process.argv.slice(2);
if (!base || (token && !role)) {
  console.error('usage: node browser.mjs <base url> [token role]');
  process.exit(2);
}
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const timeout = 60_000;
const started = Date.now();
const step = (msg) => console.log(`${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s  ${msg}`);

const problems = [];
const profile = mkdtempSync(join(tmpdir(), 'wushe-chromium-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
  viewport: { width: 1400, height: 900 },
});
step('chromium started');
try {
  const page = browser.pages()[0] ?? (await browser.newPage());
  const origin = new URL(base).origin;
  page.on('request', (req) => {
    const u = req.url();
    if (!u.startsWith(origin + '/') && !u.startsWith('blob:') && !u.startsWith('data:')) {
      problems.push(`request to another origin: ${u}`);
    }
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) problems.push(`CSP: ${msg.text()}`);
  });

  // run types query into the (Monaco) query editor, runs it and returns the
  // text of the result pane once it shows JSON.
  const run = async (query) => {
    const editor = page.locator('.graphiql-query-editor .monaco-editor').first();
    await editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(query);
    const response = page.locator('.graphiql-response');
    const before = await response.innerText().catch(() => '');
    await page.locator('.graphiql-execute-button').click();
    await page.waitForFunction(
      (prev) => {
        const t = document.querySelector('.graphiql-response')?.innerText ?? '';
        return t !== prev && /"(data|errors)"/.test(t);
      },
      before,
      { timeout },
    );
    return (await response.innerText()).replace(/\u00a0/g, ' ');
  };

  await page.goto(base + '/', { waitUntil: 'load', timeout });
  step('page loaded');
  await page.locator('.graphiql-query-editor .monaco-editor').first().waitFor({ timeout });
  step('GraphiQL and its editor rendered');

  let text = await run('{ viewer { role } }');
  if (!/"role":\s*"PUBLIC"/.test(text)) throw new Error(`result pane lacks "role": "PUBLIC":\n${text}`);
  step('{ viewer { role } } shows PUBLIC');

  if (token) {
    await page.locator('#wushe-token').fill(token);
    await page.locator('#wushe-viewer').filter({ hasText: role }).waitFor({ timeout });
    text = await run('{ viewer { role } }');
    if (!text.includes(`"${role}"`)) throw new Error(`with the token, the result pane lacks ${role}:\n${text}`);
    step(`with the token it shows ${role}`);
    await page.reload({ waitUntil: 'load' });
    if ((await page.locator('#wushe-token').inputValue({ timeout })) !== token) throw new Error('the token did not survive a reload');
    await page.locator('#wushe-viewer').filter({ hasText: role }).waitFor({ timeout });
    step('the token survives a reload');
  }

  if (process.env.SCREENSHOT) {
    await page.screenshot({ path: process.env.SCREENSHOT });
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
