// A Wushe Hub client a front-end developer can copy. It shows the four
// things every client does:
//
//   1. authenticate: a bearer token (or an API key in X-API-Key);
//   2. page through a connection with cursors;
//   3. send a mutation and read its validation error (extensions.code,
//      extensions.field, a message in the language asked for);
//   4. subscribe over WebSocket (graphql-transport-ws) and receive an event.
//
// Run it from the repository's root against a demo server
// (go run ./cmd/server --demo), after `npm ci` in examples/client:
//
//   TOKEN=$(go run ./cmd/server token --role DISTRICT_OFFICER --agency 640105000000) node examples/client/client.mjs
//
// WUSHE_URL (default http://127.0.0.1:8080) names another server. The
// client leaves the demo's data as it found it: its one change is undone.
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const base = process.env.WUSHE_URL ?? "http://127.0.0.1:8080";
const token = process.env.TOKEN ?? "";
const lang = process.env.LANG?.startsWith("zh") ? "zh-CN" : "en";
if (!token) {
  console.error("TOKEN is empty: issue one with `go run ./cmd/server token --role DISTRICT_OFFICER --agency 640105000000` from the repository's root");
  process.exit(2);
}

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

// 4. Subscribe to the consultations of a community, change one, receive
//    the event, and put the title back as it was.
const consult = await graphql(
  `query C($c: ID!) { consultations(first: 1, where: {hasCommunityWith: {id: $c}}, orderBy: [{field: RAISED_ON}]) { edges { node { id title community { id name } } } } }`,
  { c: communities[0].id },
);
if (consult.errors) throw new Error(consult.errors[0].message);
const matter = consult.data.consultations.edges[0]?.node;
if (!matter) throw new Error(`${communities[0].name} has no consultation to follow`);
const ws = createClient({
  url: base.replace(/^http/, "ws") + "/graphql",
  webSocketImpl: WebSocket,
  connectionParams: { Authorization: `Bearer ${token}` },
});
const received = new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error("no event within 10 s")), 10000);
  ws.subscribe(
    { query: `subscription Changed($c: ID!) { consultationUpdated(community: $c) { id title status community { name } } }`, variables: { c: matter.community.id } },
    {
      next: (msg) => { clearTimeout(timer); resolve(msg); },
      error: (e) => { clearTimeout(timer); reject(e instanceof Error ? e : new Error(JSON.stringify(e))); },
      complete: () => {},
    },
  );
});
// Give the server a moment to register the subscription.
await new Promise((r) => setTimeout(r, 300));
const retitle = `mutation T($id: ID!, $t: String!) { updateConsultation(id: $id, input: {title: $t}) { id title } }`;
const changed = await graphql(retitle, { id: matter.id, t: matter.title + "（示例客户端）" });
if (changed.errors) throw new Error(changed.errors[0].message);
try {
  const event = await received;
  console.log("subscription event:", JSON.stringify(event.data.consultationUpdated));
} finally {
  const restored = await graphql(retitle, { id: matter.id, t: matter.title });
  if (restored.errors) throw new Error(`could not restore the title: ${restored.errors[0].message}`);
  console.log(`restored: ${restored.data.updateConsultation.title}`);
  await ws.dispose();
}
