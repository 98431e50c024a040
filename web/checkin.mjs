// Drives the check-in page at <url>/checkin in headless Chromium (Debian's
// /usr/bin/chromium through playwright-core) as an organiser: with its
// token typed in, it picks the activity, pastes a volunteer's scanned code
// (the camera replaced by pasting, as a scanner gun types it) and checks
// the volunteer in; the same scan again is refused as a duplicate
// (CONFLICT); then, offline, a check-out is kept on the device and
// uploaded when the page is back online; uploading the kept scan once more
// is reported as a duplicate. Fails on any request to another origin, any
// page error and any Content-Security-Policy violation.
//
//   node checkin.mjs http://127.0.0.1:8080 <organiser token> <activity id> <scanned code>
import { run as inChromium, step, timeout } from './chromium.mjs';

const [base, token, activity, code] = process.argv.slice(2);
if (!base || !token || !activity || !code) {
  console.error('usage: node checkin.mjs <base url> <token> <activity id> <scanned code>');
  process.exit(2);
}
await inChromium(base, { width: 420, height: 860 }, async (page) => {
  const status = () => page.locator('#status').innerText();
  const waitStatus = async (re, what) => {
    await page.waitForFunction((src) => new RegExp(src).test(document.getElementById('status').textContent), re.source, { timeout });
    step(`${what}: ${(await status()).trim()}`);
  };
  await page.goto(`${base}/checkin`, { waitUntil: 'load', timeout });
  await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout });
  await page.fill('#token', token);
  await page.dispatchEvent('#token', 'change');
  await page.waitForSelector(`#activity option[value="${activity}"]`, { state: 'attached', timeout });
  await page.selectOption('#activity', activity);
  step('token given, activity chosen');

  await page.fill('#code', code);
  await page.click('#submit');
  await waitStatus(/签到成功/, 'check-in');
  await page.fill('#code', code);
  await page.click('#submit');
  await waitStatus(/CONFLICT/, 'the same check-in again');

  await page.context().setOffline(true);
  await page.check('input[name=direction][value=OUT]');
  await page.fill('#code', code);
  await page.click('#submit');
  await page.waitForFunction(() => document.getElementById('queued').textContent === '1', null, { timeout });
  const kept = await page.evaluate(() => localStorage.getItem('wushe.checkin.queue'));
  step('offline: the check-out is kept on the device');
  await page.context().setOffline(false);
  // Back online the page uploads by itself; the button does it too.
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await page.waitForFunction(() => document.getElementById('queued').textContent === '0', null, { timeout: 10_000 })
    .catch(async (e) => { throw new Error(`${e.message}: ${await status()} / ${await page.locator('#log').innerText()}`); });
  await waitStatus(/已上传 uploaded: 1 \/ 1/, 'online again');

  await page.evaluate((q) => localStorage.setItem('wushe.checkin.queue', q), kept);
  await page.reload({ waitUntil: 'load', timeout });
  await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout });
  await page.click('#upload');
  await waitStatus(/已上传 uploaded: 0 \/ 1/, 'the kept scan uploaded again');
  const logText = await page.locator('#log').innerText();
  if (!/duplicate/.test(logText)) throw new Error(`the second upload is not reported as a duplicate:\n${logText}`);
  step('reported as a duplicate');
});
