// A Wushe Hub client a front-end developer can copy. It shows the four
// things every client does:
//
//   1. authenticate: a bearer token (or an API key in X-API-Key);
//   2. page through a connection with cursors;
//   3. send a mutation and read its validation error (extensions.code,
//      extensions.field, a message in the language asked for);
//   4. subscribe over WebSocket (graphql-transport-ws) and receive an event.
//
// Run it against a demo server (go run ./cmd/server --demo):
//
//   TOKEN=$(go run ./cmd/server token --role DISTRICT_OFFICER --agency 640105000000)
//   WUSHE_URL=http://127.0.0.1:8080 TOKEN=$TOKEN node client.mjs
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const base = process.env.WUSHE_URL ?? "http://127.0.0.1:8080";
const token = process.env.TOKEN ?? "";
const lang = process.env.LANG?.startsWith("zh") ? "zh-CN" : "en";

// graphql sends one operation over HTTP and returns { data, errors }.
async function graphql(query, variables = {}) {
  const res = await fetch(`${base}/graphql`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Accept: "application/graphql-response+json, application/json",
      "Accept-Language": lang,
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  if (res.status === 401 || res.status === 429) {
    const body = await res.json();
    const retry = res.headers.get("Retry-After");
    throw new Error(`${res.status} ${body.errors?.[0]?.extensions?.code}: ${body.errors?.[0]?.message}${retry ? ` (retry after ${retry} s)` : ""}`);
  }
  return res.json();
}

// 1. Who am I?
const me = await graphql(`{ viewer { role agency } }`);
console.log("viewer:", JSON.stringify(me.data.viewer));

// 2. Page through Xixia's communities, 25 at a time.
const page = `query Page($after: Cursor) {
  communities(first: 25, after: $after, where: {codeHasPrefix: "640105"}, orderBy: [{field: CODE}]) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id code name households } }
  }
}`;
let after = null;
let communities = [];
for (;;) {
  const { data, errors } = await graphql(page, { after });
  if (errors) throw new Error(errors[0].message);
  communities.push(...data.communities.edges.map((e) => e.node));
  if (!data.communities.pageInfo.hasNextPage) break;
  after = data.communities.pageInfo.endCursor;
}
console.log(`communities: ${communities.length} read in pages of 25, first ${communities[0].name}`);

// 3. A mutation with a validation error: a volunteer whose resident ID
//    number has a wrong check digit. The hub answers 200 with an error
//    naming the field, and writes nothing.
const bad = await graphql(
  `mutation Bad($c: ID!) { createVolunteer(input: {name: "张三", kind: RESIDENT, idNumber: "640105199003071231", communityID: $c}) { id } }`,
  { c: communities[0].id },
);
const err = bad.errors[0];
console.log(`validation error: code=${err.extensions.code} field=${err.extensions.field} message=${err.message}`);

// 4. Subscribe to activities added in the district, then add one.
const division = (await graphql(`{ divisions(where: {code: "640105000000"}) { edges { node { id } } } }`)).data.divisions.edges[0].node.id;
const ws = createClient({
  url: base.replace(/^http/, "ws") + "/graphql",
  webSocketImpl: WebSocket,
  connectionParams: token ? { Authorization: `Bearer ${token}` } : {},
});
const received = new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error("no event within 10 s")), 10000);
  ws.subscribe(
    { query: `subscription Added($d: ID!) { activityAdded(division: $d) { id title heldOn community { name } } }`, variables: { d: division } },
    {
      next: (msg) => { clearTimeout(timer); resolve(msg); },
      error: (e) => { clearTimeout(timer); reject(e instanceof Error ? e : new Error(JSON.stringify(e))); },
      complete: () => {},
    },
  );
});
// Give the server a moment to register the subscription.
await new Promise((r) => setTimeout(r, 300));
const added = await graphql(`mutation Add($c: ID!) { createActivity(input: {title: "示例：敬老助残志愿服务", category: ELDERLY_DISABLED, heldOn: "2026-12-01", participants: 12, communityID: $c}) { id } }`, { c: communities[0].id });
if (added.errors) throw new Error(added.errors[0].message);
const event = await received;
console.log("subscription event:", JSON.stringify(event.data.activityAdded));
await ws.dispose();
