// Drives the dashboard at <url>/dashboard in headless Chromium (Debian's
// /usr/bin/chromium through playwright-core; no browser download): with the
// token in localStorage (wushe.token) it opens the area with the given code
// and expects each tile named figure=text to show that text, every chart to
// be drawn, the map to show a point per community with coordinates and a
// line per ACTIVE pairing, and the breakdown table a row per area below.
// After "--", the same without a token (PUBLIC) for another area. After a
// second "--", the code of the area the dashboard must open on without a
// token and without an area in the URL (the token's viewer must open on its
// own area). After a third "--", another area for PUBLIC with its
// expectations. An expectation withheld#<table>=<text> asks for withheld
// cells in that table, each showing text. The picker must name the area shown — after a reload too —
// and a district's map must name its streets. Fails on any request to
// another origin, any page error and any Content-Security-Policy violation.
//
//   node dashboard.mjs http://127.0.0.1:8080 <token> 640105000000 paired="66 / 66" certified=421 \
//     -- 520204002012 certified=— -- 640105000000 -- 640105001000 'withheld#vol-months=—'
import { run as inChromium, step, timeout } from './chromium.mjs';

const args = process.argv.slice(2);
const parts = [[]];
for (const a of args) {
  if (a === '--') parts.push([]);
  else parts[parts.length - 1].push(a);
}
const [base, token, code, ...expect] = parts[0];
const [publicCode, ...publicExpect] = parts[1] ?? [];
const [publicDefault] = parts[2] ?? [];
const [publicCode2, ...publicExpect2] = parts[3] ?? [];
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
      if (figure.startsWith('withheld#')) {
        // withheld#<table>=<text>: the table has withheld cells, each
        // showing the text (not 0).
        const cells = await page.locator(`#${figure.slice(9)} td[data-withheld]`).allInnerTexts();
        if (!cells.length || cells.some((c) => c.trim() !== want)) {
          throw new Error(`${who}: the withheld cells of ${figure.slice(9)} show ${JSON.stringify(cells)}, want at least one, each ${JSON.stringify(want)}`);
        }
        continue;
      }
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
      const r = await post(`query($id: ID!) { volunteeringDashboard(division: $id) { breakdown { code } byMonth { month } stars { level } }
        dashboard(division: $id) { breakdown { code }
        activities { byMonth { month } byCategory { category } }
        consultations { byCategory { category } } selfFunding { expenseByCategory { category } } space { communities { officeShare } }
        map { communities { id } pairings { groups } campuses { id } teachingSites { id } } } }`, { id });
      return { ...r.data.dashboard, volunteering: r.data.volunteeringDashboard };
    }, [code, tok]);
    const drawn = await page.evaluate(() =>
      Object.fromEntries([...document.querySelectorAll('.chart')].map((el) => [el.id, el.querySelectorAll('svg path, svg text').length])));
    // A chart whose list is empty draws only its frame.
    const empty = {
      'chart-months': !d.activities.byMonth.length, 'chart-categories': !d.activities.byCategory.length,
      'chart-consultations': !d.consultations.byCategory.length, 'chart-funding': !d.selfFunding.expenseByCategory.length,
      'chart-space': !d.space.communities.length,
      'chart-vol-months': !d.volunteering.byMonth.length, 'chart-vol-stars': !d.volunteering.stars.length,
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
    const vrows = await page.locator('#vol-breakdown tbody tr[data-code]').count();
    const vmonths = await page.locator('#vol-months tbody tr[data-month]').count();
    if (vrows !== d.volunteering.breakdown.length || vmonths !== d.volunteering.byMonth.length) {
      throw new Error(`${who}: the volunteer-service tables have ${vrows} areas and ${vmonths} months, want ${d.volunteering.breakdown.length} and ${d.volunteering.byMonth.length}`);
    }
    await named(who, code);
    if (code.endsWith('000000') && !code.endsWith('00000000') && d.breakdown.length) {
      // A district: its streets are outlined and named on the map.
      const labels = await page.locator('#chart-map svg text').allTextContents();
      const names = await page.locator('#breakdown tbody tr[data-code] a').allTextContents();
      const missing = names.filter((n) => !labels.includes(n));
      if (missing.length) throw new Error(`${who}: the map does not name ${missing.join('、')}`);
      step(`${who}: the map outlines and names the ${names.length} streets`);
    }
    step(`${who}: volunteer service of ${vrows} areas below and ${vmonths} months`);
    step(`${who}: ${Object.keys(drawn).length} charts drawn; map of ${d.map.communities.length} communities, ${d.map.campuses.length} campuses, ${d.map.teachingSites.length} teaching sites, ${d.map.pairings.length} lines; ${rows} rows below`);
    return rows;
  };

  // named checks that the picker names the area shown (not its ID) and
  // that the URL carries its code.
  const named = async (who, code) => {
    const label = await page.locator('#wushe-division').evaluate((el) => el.options[el.selectedIndex]?.text ?? '');
    if (!label.includes(code) || !/\p{Script=Han}/u.test(label)) throw new Error(`${who}: the picker shows ${JSON.stringify(label)} for ${code}`);
    if (new URL(page.url()).searchParams.get('division') !== code) throw new Error(`${who}: the URL ${page.url()} does not name ${code}`);
  };
  // opensOn opens /dashboard with no area as tok's viewer and expects code,
  // named in the picker, and the same after a reload.
  const opensOn = async (who, tok, code) => {
    await page.goto(`${base}/dashboard`, { waitUntil: 'load', timeout });
    await page.evaluate((t) => localStorage.setItem('wushe.token', t), tok);
    await page.goto(`${base}/dashboard`, { waitUntil: 'load', timeout });
    await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout });
    const got = await page.evaluate(() => document.body.dataset.code);
    if (got !== code) throw new Error(`${who}: /dashboard opened on ${got}, want ${code}`);
    await named(who, code);
    await page.reload({ waitUntil: 'load', timeout });
    await page.waitForFunction((c) => document.body.dataset.state === 'ready' && document.body.dataset.code === c, code, { timeout });
    await named(`${who} after a reload`, code);
    step(`${who}: /dashboard opens on ${code}, named in the picker, after a reload too`);
  };

  await opensOn('token', token, code);
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
  if (publicDefault) await opensOn('PUBLIC', '', publicDefault);
  if (publicCode2) await check('PUBLIC', '', publicCode2, publicExpect2);
});
