// Side-by-side benchmark of the hub against PostGraphile v5 on one
// PostgreSQL database holding the demo; scripts/bench/run prepares the
// database and the hub's binary, then runs this.
//
// Environment: BENCH_HUB (the server binary), BENCH_DATABASE_URL,
// BENCH_DURATION (seconds), BENCH_PAIRS, BENCH_CONNECTIONS,
// BENCH_HUB_PORT, BENCH_POSTGRAPHILE_PORT, WUSHE_TOKEN_KEY, and
// BENCH_COMMUNITY and BENCH_DISTRICT, the codes of the community and
// district the shapes ask for (the demo's by default; run --scale passes
// the synthetic data set's), and BENCH_SHAPES (a comma-separated list of
// shape names; all when unset).
//
// The shapes: flat, nested, node and groups pages, a wide page of
// students, a connection filtered on an edge and ordered on two fields, a
// district's dashboard (the hub only: PostGraphile has no such query) and
// createActivity (each side writes its own rows). For each shape it starts
// both servers afresh (so that each one's peak RSS is that shape's), checks
// that they answer the same data (that each side wrote its row, for the
// mutation), then alternates them: each pair runs the hub as the platform,
// PostGraphile, the hub as a community office (reversed every other pair),
// each with autocannon for the duration. A broken harness (a server that
// does not start, answers that differ, a row not written, errors under
// load) exits non-zero; the numbers never do.
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import autocannon from "autocannon";

const here = dirname(fileURLToPath(import.meta.url));
const env = process.env;
const hubBin = need("BENCH_HUB");
const dbURL = need("BENCH_DATABASE_URL");
const duration = Number(env.BENCH_DURATION ?? 10);
const pairs = Number(env.BENCH_PAIRS ?? 3);
const connections = Number(env.BENCH_CONNECTIONS ?? 16);
const hubPort = Number(env.BENCH_HUB_PORT ?? 18590);
const pglPort = Number(env.BENCH_POSTGRAPHILE_PORT ?? 18591);
const community = env.BENCH_COMMUNITY ?? "640105001002";
const district = env.BENCH_DISTRICT ?? "640105000000";

function need(name) {
  if (!env[name]) {
    console.error(`${name} is not set (run scripts/bench/run)`);
    process.exit(2);
  }
  return env[name];
}

// The shapes. Each has the hub's query and PostGraphile's, and a function
// per side turning its data into one comparable form (global IDs differ
// between the two and are left out).
const nestedHub = `query Nested { communities(first: 20, orderBy: [{field: CODE, direction: DESC}]) { totalCount
  edges { node { id name pairings(first: 3) { totalCount
    edges { node { status group { name university { name code } } } } } } } } }`;
const nestedPgl = `query Nested { allCommunities(first: 20, orderBy: [CODE_DESC]) { totalCount
  edges { node { id name pairingsByCommunityId(first: 3, orderBy: [PRIMARY_KEY_ASC]) { totalCount
    edges { node { status studentGroupByGroupId { name universityByUniversityId { name code } } } } } } } } }`;
const flatHub = `query Flat { communities(first: 20, orderBy: [{field: CODE, direction: DESC}]) {
  edges { node { id code name households population areaKm2 } } } }`;
const flatPgl = `query Flat { allCommunities(first: 20, orderBy: [CODE_DESC]) {
  edges { node { id code name households population areaKm2 } } } }`;
const nodeHub = `query Node($id: ID!) { node(id: $id) { id ... on Community { code name households population } } }`;
const nodePgl = nodeHub;
const groupsHub = `query Groups { studentGroups(first: 20, orderBy: [{field: NAME}]) {
  edges { node { id name kind capacity university { name code } } } } }`;
const groupsPgl = `query Groups { allStudentGroups(first: 20, orderBy: [NAME_ASC, PRIMARY_KEY_ASC]) {
  edges { node { id name kind capacity universityByUniversityId { name code } } } } }`;

const wideHub = `query Wide { students(first: 20, orderBy: [{field: NAME}]) { totalCount
  edges { node { id name createdAt university { name code kind city } groups(first: 3) { edges { node { name kind capacity } } } } } } }`;
const widePgl = `query Wide { allStudents(first: 20, orderBy: [NAME_ASC, PRIMARY_KEY_ASC]) { totalCount
  edges { node { id name createdAt universityByUniversityId { name code kind city }
    studentGroupMembersByStudentId(first: 3, orderBy: [PRIMARY_KEY_ASC]) { nodes { studentGroupByStudentGroupId { name kind capacity } } } } } } }`;
const filteredHub = `query Filtered { communities(first: 20, where: {householdsGT: 1000, hasPairingsWith: [{status: ACTIVE}]},
  orderBy: [{field: POPULATION, direction: DESC}, {field: CODE}]) { totalCount
  edges { node { id code name households population street { name } } } } }`;
const filteredPgl = `query Filtered { allCommunities(first: 20, filter: {households: {greaterThan: "1000"},
  pairingsByCommunityId: {some: {status: {equalTo: "ACTIVE"}}}}, orderBy: [POPULATION_DESC, CODE_ASC]) { totalCount
  edges { node { id code name households population divisionByStreetId { name } } } } }`;
const dashboardHub = `query Dashboard { dashboard(division: "${district}") {
  name access communities households population pairing { paired communities coverage activePairings }
  activities { total { count participants { value } } byCategory { category count } }
  volunteers { total { value suppressed } }
  breakdown { name access communities pairing { paired coverage } activities { total { count participants { value suppressed } } } } } }`;
const createHub = `mutation Create($title: String!, $community: ID!) {
  createActivity(input: {title: $title, category: CULTURE_SCIENCE, heldOn: "2026-06-01", participants: 12, communityID: $community}) {
    title category heldOn participants } }`;
const createPgl = `mutation Create($title: String!, $community: ID!) {
  createActivity(input: {activity: {title: $title, category: "CULTURE_SCIENCE", heldOn: "2026-06-01", participants: "12",
    communityByCommunityId: $community, createdAt: "2026-06-01T00:00:00Z", updatedAt: "2026-06-01T00:00:00Z"}}) {
    activity { title category heldOn participants } } }`;
// The title of the activities written under load; each check writes one
// of its own, then finds it on its side.
const loadTitle = "bench activity";

// PostGraphile answers bigint columns as strings.
const num = (x) => (typeof x === "string" ? Number(x) : x);

const shapes = [
  {
    name: "nested",
    what: "20 communities → pairings → group → university",
    hub: { query: nestedHub },
    pgl: { query: nestedPgl },
    hubData: (d) => ({
      total: d.communities.totalCount,
      rows: d.communities.edges.map(({ node: c }) => ({
        name: c.name,
        pairings: c.pairings.totalCount,
        p: c.pairings.edges.map(({ node: p }) => [p.status, p.group.name, p.group.university.name, p.group.university.code]),
      })),
    }),
    pglData: (d) => ({
      total: d.allCommunities.totalCount,
      rows: d.allCommunities.edges.map(({ node: c }) => ({
        name: c.name,
        pairings: c.pairingsByCommunityId.totalCount,
        p: c.pairingsByCommunityId.edges.map(({ node: p }) => [
          p.status,
          p.studentGroupByGroupId.name,
          p.studentGroupByGroupId.universityByUniversityId.name,
          p.studentGroupByGroupId.universityByUniversityId.code,
        ]),
      })),
    }),
  },
  {
    name: "flat",
    what: "a page of 20 communities, six columns",
    hub: { query: flatHub },
    pgl: { query: flatPgl },
    hubData: (d) => d.communities.edges.map(({ node: c }) => [c.code, c.name, c.households, c.population, c.areaKm2]),
    pglData: (d) => d.allCommunities.edges.map(({ node: c }) => [c.code, c.name, num(c.households), num(c.population), c.areaKm2]),
  },
  {
    name: "node",
    what: `node(id:) of community ${community}`,
    hub: { query: nodeHub },
    pgl: { query: nodePgl },
    // The variables are each side's global ID of the community, found below.
    hubData: (d) => [d.node.code, d.node.name, d.node.households, d.node.population],
    pglData: (d) => [d.node.code, d.node.name, num(d.node.households), num(d.node.population)],
  },
  {
    name: "groups",
    what: "20 student groups → university",
    hub: { query: groupsHub },
    pgl: { query: groupsPgl },
    hubData: (d) => d.studentGroups.edges.map(({ node: g }) => [g.name, g.kind, g.capacity, g.university.name, g.university.code]),
    pglData: (d) =>
      d.allStudentGroups.edges.map(({ node: g }) => [g.name, g.kind, num(g.capacity), g.universityByUniversityId.name, g.universityByUniversityId.code]),
  },
  {
    name: "wide",
    what: "20 students → university, groups",
    hub: { query: wideHub },
    pgl: { query: widePgl },
    hubData: (d) => ({
      total: d.students.totalCount,
      rows: d.students.edges.map(({ node: s }) => [
        s.name,
        Date.parse(s.createdAt),
        s.university.name,
        s.university.code,
        s.university.kind,
        s.university.city,
        s.groups.edges.map(({ node: g }) => [g.name, g.kind, g.capacity]),
      ]),
    }),
    pglData: (d) => ({
      total: d.allStudents.totalCount,
      rows: d.allStudents.edges.map(({ node: s }) => [
        s.name,
        Date.parse(s.createdAt),
        s.universityByUniversityId.name,
        s.universityByUniversityId.code,
        s.universityByUniversityId.kind,
        s.universityByUniversityId.city,
        s.studentGroupMembersByStudentId.nodes.map(({ studentGroupByStudentGroupId: g }) => [g.name, g.kind, num(g.capacity)]),
      ]),
    }),
  },
  {
    name: "filtered",
    what: "20 communities with an ACTIVE pairing and > 1,000 households, by population and code",
    hub: { query: filteredHub },
    pgl: { query: filteredPgl },
    hubData: (d) => ({
      total: d.communities.totalCount,
      rows: d.communities.edges.map(({ node: c }) => [c.code, c.name, c.households, c.population, c.street.name]),
    }),
    pglData: (d) => ({
      total: d.allCommunities.totalCount,
      rows: d.allCommunities.edges.map(({ node: c }) => [
        c.code,
        c.name,
        num(c.households),
        num(c.population),
        c.divisionByStreetId.name,
      ]),
    }),
  },
  {
    name: "dashboard",
    what: `the dashboard of district ${district} (the hub only)`,
    hubOnly: true,
    hub: { query: dashboardHub },
    hubData: (d) => d.dashboard,
  },
  {
    name: "create",
    what: `createActivity in community ${community}`,
    mutation: true,
    // The variables are each side's global ID of the community, found below.
    hub: { query: createHub },
    pgl: { query: createPgl },
    // Each side's check writes a title of its own.
    hubData: (d) => [d.createActivity.category, d.createActivity.heldOn, d.createActivity.participants],
    pglData: (d) => {
      const a = d.createActivity.activity;
      return [a.category, a.heldOn, num(a.participants)];
    },
    // How many activities of the title each side holds.
    hubCount: `query Count($title: String!) { activities(where: {title: $title}) { totalCount } }`,
    pglCount: `query Count($title: String!) { allActivities(condition: {title: $title}) { totalCount } }`,
  },
];
const byName = Object.fromEntries(shapes.map((s) => [s.name, s]));
if (env.BENCH_SHAPES) {
  const chosen = env.BENCH_SHAPES.split(",").map((n) => n.trim());
  for (const n of chosen) {
    if (!byName[n]) {
      console.error(`BENCH_SHAPES: no shape ${n} (the shapes: ${shapes.map((s) => s.name).join(", ")})`);
      process.exit(2);
    }
  }
  shapes.splice(0, shapes.length, ...shapes.filter((s) => chosen.includes(s.name)));
}

// Servers.

const children = new Set();
function start(name, cmd, args, extraEnv) {
  const child = spawn(cmd, args, { env: { ...env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
  const out = [];
  const keep = (b) => {
    out.push(b);
    if (out.length > 5000) out.splice(0, out.length - 4000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  child.output = () => Buffer.concat(out).toString();
  child.label = name;
  children.add(child);
  child.on("exit", () => children.delete(child));
  return child;
}

async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 15000);
  await exited;
  clearTimeout(timer);
}

function stopAllNow() {
  for (const c of children) c.kill("SIGKILL");
}
process.on("exit", stopAllNow);
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    stopAllNow();
    process.exit(1);
  });
}

async function waitFor(child, url, ok) {
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const r = await fetch(url, ok.init);
      if (await ok.check(r)) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${child.label} did not start:\n${child.output().slice(-3000)}`);
}

async function startHub(logLevel) {
  const hub = start("hub", hubBin, ["serve"], {
    WUSHE_DATABASE_URL: dbURL,
    WUSHE_ADDR: `127.0.0.1:${hubPort}`,
    WUSHE_RATE_LIMIT: "0",
    WUSHE_LOG_LEVEL: logLevel,
    WUSHE_LOG_FORMAT: "json",
  });
  await waitFor(hub, `http://127.0.0.1:${hubPort}/readyz`, { check: (r) => r.ok });
  return hub;
}

async function startPostGraphile() {
  const pgl = start("postgraphile", process.execPath, [join(here, "postgraphile.mjs"), dbURL, String(pglPort)], {
    NODE_ENV: "production",
  });
  await waitFor(pgl, `http://127.0.0.1:${pglPort}/graphql`, {
    init: { method: "POST", headers: { "Content-Type": "application/json" }, body: '{"query":"{ __typename }"}' },
    check: async (r) => r.ok && (await r.text()).includes("Query"),
  });
  return pgl;
}

// CPU time of a server process so far, in ms (utime + stime, in clock
// ticks of 10 ms).
function cpuMS(child) {
  const fields = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function peakRSS(child) {
  const m = readFileSync(`/proc/${child.pid}/status`, "utf8").match(/VmHWM:\s+(\d+) kB/);
  return m ? Number(m[1]) * 1024 : NaN;
}

// Requests.

function token(role, agency) {
  const args = ["token", "--role", role, "--ttl", "2h"];
  if (agency) args.push("--agency", agency);
  return execFileSync(hubBin, args, { env: { ...env, WUSHE_DATABASE_URL: dbURL } }).toString().trim();
}

const viewers = {
  platform: { side: "hub", label: "hub as platform", token: token("PLATFORM_ADMIN") },
  community: { side: "hub", label: `hub as community office ${community}`, token: token("COMMUNITY_OFFICER", community) },
  postgraphile: { side: "pgl", label: "PostGraphile" },
};

function target(v) {
  return v.side === "hub"
    ? { url: `http://127.0.0.1:${hubPort}/graphql`, headers: { "Content-Type": "application/json", Authorization: `Bearer ${v.token}` } }
    : { url: `http://127.0.0.1:${pglPort}/graphql`, headers: { "Content-Type": "application/json" } };
}

// The variables of a shape's request: the shape's own, then those of the
// viewer's side (a mutation writes activities titled after its side), then
// the extra ones given.
function body(shape, v, extra) {
  const q = v.side === "hub" ? shape.hub : shape.pgl;
  const variables = { ...(q.variables ?? {}), ...(shape.mutation ? { title: `${loadTitle} ${v.side}` } : {}), ...(extra ?? {}) };
  return JSON.stringify({ query: q.query, variables });
}

async function post(shape, v, extra) {
  const t = target(v);
  const r = await fetch(t.url, { method: "POST", headers: t.headers, body: body(shape, v, extra) });
  const json = await r.json();
  if (!r.ok || json.errors) {
    throw new Error(`${v.label}, ${shape.name}: HTTP ${r.status} ${JSON.stringify(json.errors ?? json).slice(0, 500)}`);
  }
  return json.data;
}

// Statements per request. The hub logs each request with its statement
// count (internal/store's counter); PostGraphile's wrapper counts what its
// pool sends. Both are read around one request sent alone.
// back counts requests from the last one: 2 is the one before it.
async function hubStatements(hub, back = 1) {
  await new Promise((r) => setTimeout(r, 100));
  const lines = hub.output().trim().split("\n").filter((l) => l.includes('"msg":"request"'));
  return JSON.parse(lines[lines.length - back]).sql;
}

async function pglCounts() {
  const r = await fetch(`http://127.0.0.1:${pglPort}/_bench/statements`);
  return r.json();
}

async function measure(shape, v, seconds, server) {
  const t = target(v);
  const cpu0 = cpuMS(server);
  const result = await autocannon({
    url: t.url,
    method: "POST",
    headers: t.headers,
    body: body(shape, v),
    connections,
    duration: seconds,
    verifyBody: (b) => !b.includes('"errors"'),
  });
  const failed = result.non2xx + result.errors + result.timeouts + (result.mismatches ?? 0);
  if (failed > 0 || result.requests.total === 0) {
    throw new Error(
      `${v.label}, ${shape.name}: ${failed} failed of ${result.requests.total} requests ` +
        `(non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}, GraphQL errors ${result.mismatches})`,
    );
  }
  const cpu = (cpuMS(server) - cpu0) / result.requests.total;
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, total: result.requests.total, cpu };
}

// The run.

// How many activities titled title the side of viewer v holds.
async function activities(v, title) {
  const shape = byName.create;
  const q = v.side === "hub" ? shape.hubCount : shape.pglCount;
  const d = await post({ name: "count", hub: { query: q }, pgl: { query: q } }, v, { title });
  return v.side === "hub" ? d.activities.totalCount : d.allActivities.totalCount;
}

async function main() {
  console.log(
    `side-by-side: ${connections} connections, ${duration} s per run, ${pairs} pair(s), ` +
      `the hub (WUSHE_RATE_LIMIT=0) and PostGraphile ${pglVersion()} (node ${process.version}) on one database`,
  );

  // Each side's global ID of the community, for node(id:) and createActivity.
  let hub = await startHub("info");
  let pgl = await startPostGraphile();
  const hubID = (
    await post(
      { name: "id", hub: { query: `{ communities(first: 1, where: {code: "${community}"}) { edges { node { id } } } }` } },
      viewers.platform,
    )
  ).communities.edges[0].node.id;
  const pglID = (
    await post({ name: "id", pgl: { query: `{ allCommunities(condition: {code: "${community}"}) { nodes { id } } }` } }, viewers.postgraphile)
  ).allCommunities.nodes[0].id;
  byName.node.hub.variables = { id: hubID };
  byName.node.pgl.variables = { id: pglID };
  byName.create.hub.variables = { community: hubID };
  byName.create.pgl.variables = { community: pglID };

  // The same data on both sides, and the statements of each request. A
  // mutation's check writes an activity of its own title on each side and
  // finds it there; a shape PostGraphile cannot answer is checked between
  // the hub's two viewers only.
  const run = Date.now();
  for (const shape of shapes) {
    const check = async (v) => {
      if (!shape.mutation) return post(shape, v);
      const title = `bench check ${v.side} ${v === viewers.community ? "community" : "platform"} ${run}`;
      const data = await post(shape, v, { title });
      const n = await activities(v, title);
      if (n !== 1) throw new Error(`${v.label}, ${shape.name}: ${n} activities titled ${JSON.stringify(title)} after it answered, want 1`);
      return data;
    };
    shape.statements = {};
    let want;
    if (!shape.hubOnly) {
      const before = await pglCounts();
      want = shape.pglData(await check(viewers.postgraphile));
      const after = await pglCounts();
      shape.statements.postgraphile = after.statements - before.statements - (shape.mutation ? 1 : 0); // less the count
      shape.statements.pglTransaction = after.transaction - before.transaction;
    }
    for (const name of ["platform", "community"]) {
      const got = shape.hubData(await check(viewers[name]));
      // The statements of the shape's own request, not of the count after it.
      shape.statements[name] = await hubStatements(hub, shape.mutation ? 2 : 1);
      if (want === undefined) want = got;
      const same = isDeepStrictEqual(got, want);
      if (name === "platform" && !same) {
        throw new Error(
          `${shape.name}: the hub and PostGraphile answer different data\nhub:          ${JSON.stringify(got).slice(0, 800)}\n` +
            `postgraphile: ${JSON.stringify(want).slice(0, 800)}`,
        );
      }
      shape[`same_${name}`] = same;
    }
    console.log(
      `checked ${shape.name} (${shape.what}): ` +
        (shape.hubOnly ? "the hub only" : shape.mutation ? "each side wrote its row, same data" : "same data") +
        (shape.same_community ? "" : "; the community office sees less (privacy rules)"),
    );
  }
  await stop(hub);
  await stop(pgl);

  const warm = Math.max(1, Math.min(2, duration / 2));
  const results = [];
  for (const shape of shapes) {
    hub = await startHub("warn");
    pgl = shape.hubOnly ? null : await startPostGraphile();
    const runs = shape.hubOnly ? { platform: [], community: [] } : { platform: [], community: [], postgraphile: [] };
    const server = (name) => (viewers[name].side === "hub" ? hub : pgl);
    const answered = { hub: 0, pgl: 0 };
    const measured = async (name, seconds) => {
      const r = await measure(shape, viewers[name], seconds, server(name));
      answered[viewers[name].side] += r.total;
      return r;
    };
    for (const name of Object.keys(runs)) await measured(name, warm);
    for (let i = 0; i < pairs; i++) {
      let order = i % 2 === 0 ? ["platform", "postgraphile", "community"] : ["community", "postgraphile", "platform"];
      if (shape.hubOnly) order = order.filter((n) => n !== "postgraphile");
      for (const name of order) runs[name].push(await measured(name, duration));
    }
    if (shape.mutation) {
      // Every answered createActivity wrote its row (a request cut off at
      // the end of a run may have written one more).
      for (const v of [viewers.platform, viewers.postgraphile]) {
        const n = await activities(v, `${loadTitle} ${v.side}`);
        if (n < answered[v.side]) throw new Error(`${v.label}, ${shape.name}: ${n} activities written for ${answered[v.side]} answers`);
      }
    }
    const rss = { hub: peakRSS(hub), postgraphile: pgl ? peakRSS(pgl) : NaN };
    await stop(hub);
    if (pgl) await stop(pgl);
    const mean = (xs, k) => xs.reduce((s, x) => s + x[k], 0) / xs.length;
    const row = { shape: shape.name, what: shape.what, hubOnly: !!shape.hubOnly, rss, statements: shape.statements };
    for (const [name, rs] of Object.entries(runs)) {
      row[name] = {
        rps: mean(rs, "rps"),
        p50: mean(rs, "p50"),
        p99: mean(rs, "p99"),
        cpu: mean(rs, "cpu"),
        each: rs.map((r) => Math.round(r.rps)),
      };
    }
    results.push(row);
    console.log(
      `measured ${shape.name}: req/s hub platform ${row.platform.each.join("/")}, community ${row.community.each.join("/")}` +
        (row.postgraphile ? `, PostGraphile ${row.postgraphile.each.join("/")}` : ""),
    );
  }
  print(results);
}

function pglVersion() {
  return JSON.parse(readFileSync(join(here, "node_modules/postgraphile/package.json"), "utf8")).version;
}

function print(results) {
  const mb = (b) => `${(b / 1048576).toFixed(0)} MB`;
  const f = (x, d = 0) => x.toFixed(d);
  const lines = [];
  lines.push("");
  lines.push("| shape | side | req/s | p50 ms | p99 ms | req/s hub/PG | p99 hub/PG | CPU ms/request | CPU hub/PG | peak RSS | SQL statements/request |");
  lines.push("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of results) {
    const pg = r.postgraphile;
    const ratio = (x, y) => (pg ? `${f(x / y, 2)}×` : "—");
    for (const name of ["platform", "community"]) {
      const h = r[name];
      lines.push(
        `| ${r.shape} | hub as ${name === "platform" ? "platform" : "community office"} | ${f(h.rps)} | ${f(h.p50, 1)} | ${f(h.p99, 1)} | ` +
          `${ratio(h.rps, pg?.rps)} | ${ratio(h.p99, pg?.p99)} | ${f(h.cpu, 2)} | ${ratio(h.cpu, pg?.cpu)} | ${mb(r.rss.hub)} | ${r.statements[name]} |`,
      );
    }
    if (!pg) continue;
    const tx = r.statements.pglTransaction ? ` (+${r.statements.pglTransaction} BEGIN/COMMIT)` : "";
    lines.push(
      `| ${r.shape} | PostGraphile | ${f(pg.rps)} | ${f(pg.p50, 1)} | ${f(pg.p99, 1)} | 1 | 1 | ${f(pg.cpu, 2)} | 1 | ${mb(r.rss.postgraphile)} | ${r.statements.postgraphile}${tx} |`,
    );
  }
  lines.push("");
  lines.push("req/s, p50, p99 and CPU are the means of the runs; CPU is the server process's user and system time per request");
  lines.push("(the database's is not in it; on a machine shared with other work it varies less than req/s);");
  lines.push("peak RSS is VmHWM over each shape's runs (the hub's for both viewers);");
  lines.push("ratios are hub/PostGraphile (req/s above 1 and p99 below 1 favour the hub); PostGraphile cannot answer the dashboard;");
  lines.push("create writes one activity per request on each side (the hub's statements include its audit entry).");
  console.log(lines.join("\n"));
  const rated = results.filter((r) => r.postgraphile);
  console.log(
    "ratios: " +
      rated.map((r) => `${r.shape} ${f(r.platform.rps / r.postgraphile.rps, 2)}/${f(r.community.rps / r.postgraphile.rps, 2)}`).join(", ") +
      " (req/s hub/PostGraphile, platform/community office)",
  );
  const alone = results.filter((r) => !r.postgraphile);
  if (alone.length) {
    console.log("hub only: " + alone.map((r) => `${r.shape} ${f(r.platform.rps)}/${f(r.community.rps)} req/s`).join(", ") + " (platform/community office)");
  }
}

main().catch((err) => {
  console.error(`bench: ${err.message ?? err}`);
  stopAllNow();
  process.exit(1);
});
