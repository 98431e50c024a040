// Drives the dashboard at <url>/dashboard in headless Chromium (Debian's
// /usr/bin/chromium through playwright-core; no browser download): with the
// token in localStorage (wushe.token) it opens the area with the given code
// and expects each tile named figure=text to show that text, every chart to
// be drawn, the map to show a point per community with coordinates and a
// line per ACTIVE pairing, and the breakdown table a row per area below.
// After "--", the same without a token (PUBLIC) for another area. Fails on
// any request to another origin, any page error and any Content-Security-
// Policy violation.
//
//   node dashboard.mjs http://127.0.0.1:8080 <token> 640105000000 paired="66 / 66" certified=421 \
//     -- 520204002012 certified=—
import { run as inChromium, step, timeout } from './chromium.mjs';

const args = process.argv.slice(2);
const cut = args.indexOf('--');
const [base, token, code, ...expect] = cut < 0 ? args : args.slice(0, cut);
const [publicCode, ...publicExpect] = cut < 0 ? [] : args.slice(cut + 1);
if (!base || !token || !code) {
  console.error('usage: node dashboard.mjs <base url> <token> <code> [figure=text …] [-- <code> [figure=text …]]');
  process.exit(2);
}
await inChromium(base, { width: 1400, height: 1000 }, async (page) => {
  // check opens the dashboard of code as the viewer of the token ("" for
  // PUBLIC) and checks what it shows.
  const check = async (who, tok, code, expect) => {
    await page.goto(`${base}/dashboard`, { waitUntil: 'load', timeout });
    await page.evaluate((t) => localStorage.setItem('wushe.token', t), tok);
    await page.goto(`${base}/dashboard?division=${code}`, { waitUntil: 'load', timeout });
    await page.waitForFunction((c) => document.body.dataset.state === 'ready' && document.body.dataset.code === c, code, { timeout });
    step(`${who}: the dashboard of ${code} rendered`);
    for (const e of expect) {
      const [figure, want] = e.split(/=(.*)/s);
      const got = (await page.locator(`[data-figure="${figure}"]`).innerText()).trim();
      if (got !== want) throw new Error(`${who}: ${figure} shows ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    }
    if (expect.length) step(`${who}: ${expect.join(', ')}`);
    // What the page asked for, to check the charts, map and table against.
    const d = await page.evaluate(async ([c, t]) => {
      const headers = { 'Content-Type': 'application/json', ...(t ? { Authorization: `Bearer ${t}` } : {}) };
      const post = (query, variables) => fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) }).then((r) => r.json());
      let id = (await post('query($c: String) { divisions(where: {code: $c}) { edges { node { id } } } }', { c })).data.divisions.edges[0]?.node.id;
      id ??= (await post('query($c: String) { communities(where: {code: $c}) { edges { node { id } } } }', { c })).data.communities.edges[0].node.id;
      const r = await post(`query($id: ID!) { dashboard(division: $id) { breakdown { code }
        activities { byMonth { month } byCategory { category } }
        consultations { byCategory { category } } selfFunding { expenseByCategory { category } } space { communities { officeShare } }
        map { communities { id } pairings { groups } campuses { id } teachingSites { id } } } }`, { id });
      return r.data.dashboard;
    }, [code, tok]);
    const drawn = await page.evaluate(() =>
      Object.fromEntries([...document.querySelectorAll('.chart')].map((el) => [el.id, el.querySelectorAll('svg path, svg text').length])));
    // A chart whose list is empty draws only its frame.
    const empty = {
      'chart-months': !d.activities.byMonth.length, 'chart-categories': !d.activities.byCategory.length,
      'chart-consultations': !d.consultations.byCategory.length, 'chart-funding': !d.selfFunding.expenseByCategory.length,
      'chart-space': !d.space.communities.length,
    };
    for (const [id, n] of Object.entries(drawn)) {
      if (n < (empty[id] ? 1 : 5)) throw new Error(`${who}: chart ${id} is not drawn (${n} SVG elements)`);
    }
    // Each series point and line is an SVG path of the map.
    const mapPaths = drawn['chart-map'];
    const wantPaths = d.map.communities.length + d.map.pairings.length + d.map.campuses.length + d.map.teachingSites.length;
    if (mapPaths < wantPaths) throw new Error(`${who}: the map has ${mapPaths} shapes, want at least ${wantPaths}`);
    const monthLabels = await page.locator('#chart-months svg text').allTextContents();
    if (d.activities.byMonth.length && !monthLabels.some((l) => l.includes(d.activities.byMonth[0].month))) {
      throw new Error(`${who}: the months chart lacks ${d.activities.byMonth[0].month}`);
    }
    const rows = await page.locator('#breakdown tbody tr[data-code]').count();
    if (rows !== d.breakdown.length) throw new Error(`${who}: the breakdown table has ${rows} rows, want ${d.breakdown.length}`);
    step(`${who}: ${Object.keys(drawn).length} charts drawn; map of ${d.map.communities.length} communities, ${d.map.campuses.length} campuses, ${d.map.teachingSites.length} teaching sites, ${d.map.pairings.length} lines; ${rows} rows below`);
    return rows;
  };

  await check('token', token, code, expect);
  // Drill down: a click on the first row of the breakdown opens it.
  if ((await page.locator('#breakdown tbody tr[data-code]').count()) > 0) {
    const first = await page.locator('#breakdown tbody tr[data-code]').first();
    const child = await first.getAttribute('data-code');
    await first.locator('a').click();
    await page.waitForFunction((c) => document.body.dataset.state === 'ready' && document.body.dataset.code === c, child, { timeout });
    step(`a click on the breakdown opened ${child}`);
  }
  if (publicCode) await check('PUBLIC', '', publicCode, publicExpect);
});
