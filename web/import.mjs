// Drives the import panel of the dashboard (<url>/dashboard) in headless
// Chromium (Debian's /usr/bin/chromium through playwright-core): with the
// token in localStorage (wushe.token) it opens the area with the given
// code, and for each file in turn chooses the template, picks the file,
// runs the dry run and expects the report's counts (figure=text, the tiles
// import-rows, import-created, import-updated, import-unchanged,
// import-refused) and refused cells (cell=text: a row of the refused table
// whose problem contains text); the annotated report must download. The
// last file is then imported for real ("确认导入") and its counts checked
// again. Fails on any request to another origin, any page error and any
// Content-Security-Policy violation.
//
//   node import.mjs http://127.0.0.1:8080 <token> 520204002012 volunteer \
//     bad.xlsx import-refused=1 cell=不是有效日期 -- good.xlsx import-updated=1
import { run as inChromium, step, timeout } from './chromium.mjs';

const [base, token, code, entity, ...rest] = process.argv.slice(2);
if (!base || !token || !code || !entity || !rest.length) {
  console.error('usage: node import.mjs <base url> <token> <code> <entity> <file> [figure=text | cell=text …] [-- <file> …]');
  process.exit(2);
}
const groups = [];
for (const arg of rest) {
  if (arg === '--' || !groups.length) groups.push({ file: arg === '--' ? null : arg, expect: [] });
  else if (!groups.at(-1).file) groups.at(-1).file = arg;
  else groups.at(-1).expect.push(arg);
}

await inChromium(base, { width: 1400, height: 1000 }, async (page) => {
  await page.goto(`${base}/dashboard`, { waitUntil: 'load', timeout });
  await page.evaluate((t) => localStorage.setItem('wushe.token', t), token);
  await page.goto(`${base}/dashboard?division=${code}`, { waitUntil: 'load', timeout });
  await page.waitForFunction((c) => document.body.dataset.state === 'ready' && document.body.dataset.code === c, code, { timeout });
  await page.waitForFunction(() => document.body.dataset.import === 'idle' && document.querySelectorAll('#import-entity option').length > 0, null, { timeout });
  step(`the dashboard of ${code} and its import panel are ready`);
  await page.selectOption('#import-entity', entity);
  const href = await page.getAttribute('#import-template', 'href');
  if (href !== `/templates/${entity}.xlsx`) throw new Error(`the template link is ${href}, want /templates/${entity}.xlsx`);

  const expectReport = async (expect, what) => {
    for (const e of expect) {
      const [key, want] = e.split(/=(.*)/s);
      if (key === 'cell') {
        const cells = await page.locator('#import-refused td.msg').allInnerTexts();
        if (!cells.some((c) => c.includes(want))) throw new Error(`${what}: no refused cell says ${JSON.stringify(want)} (${JSON.stringify(cells)})`);
        continue;
      }
      const got = (await page.locator(`[data-figure="${key}"]`).innerText()).trim();
      if (got !== want) throw new Error(`${what}: ${key} shows ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    }
    step(`${what}: ${expect.join(', ')}; ${await page.locator('#import-status').innerText()}`);
  };

  for (const [i, g] of groups.entries()) {
    await page.setInputFiles('#import-file', g.file);
    await page.click('#import-check');
    await page.waitForFunction(() => ['checked', 'failed'].includes(document.body.dataset.import), null, { timeout });
    if ((await page.evaluate(() => document.body.dataset.import)) !== 'checked') {
      throw new Error(`dry run of ${g.file}: ${await page.locator('#import-status').innerText()}`);
    }
    await expectReport(g.expect, `dry run of ${g.file}`);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout }), page.click('#import-download')]);
    const saved = await download.path();
    if (!saved || !download.suggestedFilename().endsWith('.xlsx')) throw new Error(`the annotated report did not download (${download.suggestedFilename()})`);
    step(`the annotated report downloaded as ${download.suggestedFilename()}`);
    const last = i === groups.length - 1;
    const disabled = await page.locator('#import-confirm').isDisabled();
    if (!last) continue;
    if (disabled) throw new Error(`the confirm button is disabled: ${await page.locator('#import-confirm-note').innerText()}`);
    await page.click('#import-confirm');
    await page.waitForFunction(() => ['imported', 'failed'].includes(document.body.dataset.import), null, { timeout });
    if ((await page.evaluate(() => document.body.dataset.import)) !== 'imported') {
      throw new Error(`import of ${g.file}: ${await page.locator('#import-status').innerText()}`);
    }
    await expectReport(g.expect.filter((e) => !e.startsWith('cell=')), `import of ${g.file}`);
  }
});
