// PostGraphile v5 serving the hub's own tables, for the side-by-side
// benchmark (scripts/bench/run).
//
//   node postgraphile.mjs <database URL> <port>
//
// It serves /graphql in production mode (no GraphiQL, no explain, no
// watch) with the Amber and Relay presets, so that rows have Relay global
// IDs (`id`) and connections `edges { node }` like the hub's, and the
// connection filter plugin with relations, so that a connection can be
// filtered on an edge like the hub's `where: {hasXWith: …}`; ordering and
// filtering are not limited to indexed columns. Every SQL
// statement its pool sends is counted; GET /_bench/statements answers the
// counts so far: {"statements": n, "transaction": n}, the second being
// BEGIN, COMMIT, ROLLBACK and SAVEPOINT (the hub's counter leaves those out).
import { createServer } from "node:http";
import pg from "pg";
import { postgraphile } from "postgraphile";
import { makePgService } from "postgraphile/adaptors/pg";
import { grafserv } from "postgraphile/grafserv/node";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { PostGraphileRelayPreset } from "postgraphile/presets/relay";
import { PostGraphileConnectionFilterPreset } from "postgraphile-plugin-connection-filter";

const [url, port] = process.argv.slice(2);
if (!url || !port) {
  console.error("usage: node postgraphile.mjs <database URL> <port>");
  process.exit(2);
}

const counts = { statements: 0, transaction: 0 };
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (config, ...rest) {
  const text = typeof config === "string" ? config : config?.text ?? "";
  if (/^\s*(begin|commit|rollback|savepoint|release)\b/i.test(text)) {
    counts.transaction++;
  } else {
    counts.statements++;
  }
  return query.call(this, config, ...rest);
};

const pool = new pg.Pool({ connectionString: url, max: 10 });
const pgl = postgraphile({
  extends: [PostGraphileAmberPreset, PostGraphileRelayPreset, PostGraphileConnectionFilterPreset],
  schema: { connectionFilterRelations: true },
  // Order and filter on any column, as the hub allows, not only on indexed ones.
  disablePlugins: ["PgIndexBehaviorsPlugin"],
  pgServices: [makePgService({ pool, schemas: ["public"] })],
  grafserv: { graphqlPath: "/graphql", graphiql: false, watch: false },
  grafast: { explain: false },
});
const serv = pgl.createServ(grafserv);
const handler = serv.createHandler();
const server = createServer((req, res) => {
  if (req.url === "/_bench/statements") {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify(counts));
    return;
  }
  handler(req, res);
});
server.listen(Number(port), "127.0.0.1", () => {
  console.log(`postgraphile listening on 127.0.0.1:${port}`);
});
const stop = () => {
  server.close();
  pgl.release().finally(() => pool.end().finally(() => process.exit(0)));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
