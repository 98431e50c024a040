// Drives GraphiQL at <url>/ in headless Chromium (Debian's /usr/bin/chromium
// through playwright-core; no browser download): runs { viewer { role } } and
// expects PUBLIC in the result pane; with a token, puts it in the token box,
// runs the query again and expects <role>, and checks the token survives a
// reload; then (the token's role must read consultations: PLATFORM_ADMIN)
// runs a subscription in GraphiQL, over WebSocket with the token in
// connection_init, and expects the event of a mutation made meanwhile to
// show in the result pane. Fails on any request to another origin, any page
// error and any Content-Security-Policy violation.
//
//   node browser.mjs http://127.0.0.1:8080 [token role]
import { run as inChromium, step, timeout } from './chromium.mjs';

const [base, token, role] = process.argv.slice(2);
if (!base || (token && !role)) {
  console.error('usage: node browser.mjs <base url> [token role]');
  process.exit(2);
}
// someCommunity returns the ID of a community, creating one (and its
// divisions) on an empty database.
async function someCommunity(gql) {
  const found = await gql('{ communities(first: 1) { edges { node { id } } } }');
  if (found.communities.edges.length) return found.communities.edges[0].node.id;
  let parentID = null;
  for (const [code, name, level] of [
    ['640000000000', '宁夏回族自治区', 'PROVINCE'],
    ['640100000000', '银川市', 'CITY'],
    ['640105000000', '西夏区', 'DISTRICT'],
    ['640105001000', '西花园路街道', 'STREET'],
  ]) {
    const d = await gql('mutation ($in: CreateDivisionInput!) { createDivision(input: $in) { id } }', { in: { code, name, level, parentID } });
    parentID = d.createDivision.id;
  }
  const c = await gql('mutation ($in: CreateCommunityInput!) { createCommunity(input: $in) { id } }', {
    in: { code: '640105001002', name: '康庄社区', streetID: parentID },
  });
  return c.createCommunity.id;
}

await inChromium(base, { width: 1400, height: 900 }, async (page) => {
  const frames = []; // WebSocket frames: [direction, payload]
  page.on('websocket', (ws) => {
    ws.on('framesent', (f) => frames.push(['sent', String(f.payload)]));
    ws.on('framereceived', (f) => frames.push(['received', String(f.payload)]));
  });

  // run types query into the (Monaco) query editor, runs it and returns the
  // text of the result pane once it shows JSON.
  const typeQuery = async (query) => {
    const editor = page.locator('.graphiql-query-editor .monaco-editor').first();
    await editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(query);
    // GraphiQL parses the editor's text 100 ms after the last change (that
    // parse decides HTTP or WebSocket); let it happen before running.
    await page.waitForTimeout(300);
  };
  const run = async (query) => {
    await typeQuery(query);
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

    // A subscription: GraphiQL opens ws://…/graphql (graphql-transport-ws)
    // with the token in connection_init; a mutation's event shows up.
    const gql = async (query, variables) => {
      const res = await fetch(base + '/graphql', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = await res.json();
      if (body.errors) throw new Error(`${query.slice(0, 40)}…: ${JSON.stringify(body.errors)}`);
      return body.data;
    };
    const community = await someCommunity(gql);
    await typeQuery(`subscription { consultationUpdated(community: "${community}") { title status } }`);
    await page.locator('.graphiql-execute-button').click();
    const until = async (what, ok) => {
      for (const end = Date.now() + timeout; !ok(); await new Promise((r) => setTimeout(r, 50))) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}; WebSocket frames: ${JSON.stringify(frames)}`);
      }
    };
    await until('the subscribe message', () => frames.some(([d, p]) => d === 'sent' && p.includes('"subscribe"')));
    if (!frames.some(([d, p]) => d === 'sent' && p.includes('"connection_init"') && p.includes(`Bearer ${token}`))) {
      throw new Error(`connection_init lacks the token: ${JSON.stringify(frames)}`);
    }
    step('the subscription runs over WebSocket with the token in connection_init');
    const title = `GraphiQL订阅-${Date.now()}`; // no space: the pane renders spaces as U+00A0
    await gql('mutation ($c: ID!, $t: String!) { createConsultation(input: {communityID: $c, title: $t, category: OTHER, raisedOn: "2025-01-01"}) { id } }', {
      c: community,
      t: title,
    });
    await page
      .waitForFunction((t) => (document.querySelector('.graphiql-response')?.innerText ?? '').includes(t), title, { timeout })
      .catch(async (err) => {
        const pane = await page.locator('.graphiql-response').innerText().catch(() => '');
        throw new Error(`${err.message}\nresult pane: ${pane}\nWebSocket frames: ${JSON.stringify(frames)}`);
      });
    step('the event of a mutation shows in the result pane');
  }
});
