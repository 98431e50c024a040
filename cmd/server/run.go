package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/wushehub/wushe/ent/division"
	"github.com/wushehub/wushe/graph"
	"github.com/wushehub/wushe/internal/audit"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/demo"
	"github.com/wushehub/wushe/internal/importer"
	"github.com/wushehub/wushe/internal/metrics"
	"github.com/wushehub/wushe/internal/scale"
	"github.com/wushehub/wushe/internal/server"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/telemetry"
	"github.com/wushehub/wushe/internal/webhook"
)

const usage = `Wushe Hub (五社联动数据枢纽) — GraphQL data hub for a district's agencies.

Usage:
  server [serve] [--addr ADDR] [--database URL] [--demo]
  server migrate [--database URL]
  server migrate diff NAME [--dev-postgres URL]
  server seed --demo [--database URL] [--reset]
  server seed --scale district|city|province [--demo] [--database URL] [--reset]
  server token --role ROLE [--agency CODE] [--account NAME] [--ttl DURATION] [--volunteer ID]
  server certificate --volunteer ID [--community CODE] [--out FILE.html]
  server match --division CODE [--json] [--lang zh|en] [--max-distance KM] [--candidates K]
  server match --input FILE.json [--json]
  server apikey create --agency CODE --role ROLE --name NAME [--scope READ|READ_WRITE] [--ttl DURATION] [--trusted-only]
  server apikey revoke --prefix PREFIX
  server apikey list [--agency CODE]
  server template ENTITY [--out FILE] | server template --list
  server import FILE --entity E --agency CODE --role ROLE [--dry-run] [--partial] [--create-only] [--lang zh|en] [--report FILE.xlsx]
  server export --entity E --agency CODE --role ROLE [--format xlsx|csv] [--out FILE] [--code-prefix CODE] [--where JSON]
  server audit verify
  server agency sync
  server export-schema [--out FILE]
  server help

Subcommands:
  serve          serve HTTP (the default): /graphql (HTTP and WebSocket),
                 /schema.graphql, GraphiQL at /, the dashboard at
                 /dashboard, /healthz, /readyz and /metrics. Applies pending
                 migrations first. --demo loads the demo district (if not loaded yet) and
                 prints a ready token per demo role.
  migrate        apply pending database migrations and exit.
  migrate diff   (maintainers) write the migrations a schema change needs, for
                 SQLite and PostgreSQL, into internal/store/migrations/; run
                 from the repository root. PostgreSQL needs --dev-postgres (or
                 WUSHE_TEST_POSTGRES): a server where a scratch database may be
                 created and dropped.
  seed --demo    load the demo district and exit (idempotent).
  seed --scale   load a synthetic data set into an empty database and exit:
                 district (100 communities), city (1,000) or province (5,000
                 communities, 500k students, 1M volunteers, 5M activities);
                 the same rows on every run. --reset first empties a database
                 that holds only the demo or a data set.
  token          print a signed bearer token for an account (opened if new) in
                 a role at an agency; deactivating the account refuses it.
                 A VOLUNTEER token is a volunteer's own account: pass
                 --volunteer (its global ID or number) and its community as
                 --agency.
  certificate    issue a volunteer service certificate (志愿服务证明) from the
                 confirmed records of the volunteer's community (or
                 --community) and write it as a printable HTML page; anyone
                 can check it at /verify/<code>.
  match          print an optimal pairing plan (community, group, score, reasons)
                 for a district or street, or for an instance file (see README).
  apikey         manage API keys of third-party front-ends (sent as X-API-Key):
                 the key is printed once and stored only as a hash.
  template       write an entity's XLSX template: Chinese and English headers,
                 required columns marked *, drop-down lists, instructions (说明)
                 and an example row. --list names the entities.
  import         import an XLSX or CSV file (UTF-8 or GB18030) of an entity as
                 the agency and role given, through every privacy and write
                 rule: all rows or none (--partial keeps the good rows), a
                 report per refused row; exits non-zero when rows were refused.
  export         write what the agency and role may read of an entity in the
                 template's layout (fields it may not read: 【无权查看】).
  audit verify   check the audit log's hash chain; fails naming the first
                 broken link.
  agency sync    register an agency for every office, community, university,
                 school, enterprise and organisation that has none.
  export-schema  print the GraphQL schema (SDL) the server executes.

Roles: PLATFORM_ADMIN, DISTRICT_OFFICER, DISTRICT_AUDITOR, STREET_OFFICER,
  COMMUNITY_OFFICER, UNIVERSITY_STAFF, SCHOOL_STAFF, ENTERPRISE_STAFF,
  ORGANIZATION_STAFF. Agency codes: division codes (12 digits), university
  codes (10 digits) or unified social credit codes (18 characters).

Environment:
  WUSHE_DATABASE_URL  postgres://user:pass@host:5432/db?sslmode=disable to use
                      PostgreSQL; default: embedded SQLite at $WUSHE_DATA_DIR/wushe.db
  WUSHE_ADDR          listen address (default 127.0.0.1:8080)
  WUSHE_DATA_DIR      directory for the SQLite file and the token key (default ./data)
  WUSHE_TOKEN_KEY     token signing key, at least 32 characters (default: generated
                      once into $WUSHE_DATA_DIR/token.key; replicas must share one)
  WUSHE_LOG_LEVEL     debug, info (default), warn or error
  WUSHE_LOG_FORMAT    text (default) or json
  WUSHE_MAX_DEPTH, WUSHE_MAX_COST, WUSHE_MAX_ALIASES, WUSHE_MAX_ROOT_FIELDS,
  WUSHE_MAX_DIRECTIVES, WUSHE_MAX_PAGE_SIZE limits of one GraphQL document
                      (defaults 15, 20000, 30, 20, 50, 1000); over them a request
                      gets QUERY_TOO_COMPLEX (a page, or the IDs of nodes, over the
                      page size BAD_USER_INPUT)
  WUSHE_MAX_TOKENS, WUSHE_MAX_FRAGMENTS, WUSHE_MAX_DIRECTIVES_PER_LOCATION,
  WUSHE_MAX_EXPANDED, WUSHE_MAX_FIELD_REPEATS  limits of a document's text, checked
                      before validation (defaults 5000, 100, 5, 10000, 30):
                      QUERY_TOO_COMPLEX
  WUSHE_MAX_STRING_BYTES  longest string in a document or its variables (default
                      65536); over it, or with a NUL character, BAD_USER_INPUT
  WUSHE_COST_LIST_SIZE  entries the cost assumes of a list of unknown length
                      (default 20)
  WUSHE_MAX_BODY_BYTES  largest POST body (default 2097152); over it HTTP 413
  WUSHE_MAX_UPLOAD_BYTES  largest multipart request of importRows, the file
                      included (default 20971520); over it HTTP 413
  WUSHE_IMPORT_TIMEOUT  bound on one import uploaded to /graphql once it runs
                      (default 30m); over it the import is rolled back
  WUSHE_PUBLIC_INTROSPECTION  false refuses introspection without credentials
                      (default true: the schema is public at /schema.graphql)
  WUSHE_WEBHOOK_ALLOW_PRIVATE  true lets webhooks reach loopback, private and
                      link-local addresses (default false: refused)
  WUSHE_RATE_LIMIT, WUSHE_RATE_BURST  operations per second and burst per agency,
                      HTTP requests and WebSocket operations alike (defaults 20
                      and 60; 0 disables); over them RATE_LIMITED with Retry-After
  WUSHE_REQUEST_TIMEOUT  bound on a request's work (default 30s)
  WUSHE_SHUTDOWN_GRACE  how long SIGINT or SIGTERM lets requests in flight finish
                      before cancelling them and closing their connections
                      (default 10s)
  WUSHE_CORS_ORIGINS  comma-separated origins whose pages may call /graphql over HTTP
                      and WebSocket ("*" for any; "https://*.example.cn" patterns)
  WUSHE_METRICS_TOKEN  when set, /metrics answers only "Authorization: Bearer <it>"
  OTEL_EXPORTER_OTLP_ENDPOINT  when set, traces go there over OTLP/HTTP
`

// config is what every subcommand reads from the environment.
type config struct {
	addr     string
	database string
	dataDir  string
	log      *slog.Logger
	getenv   func(string) string
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := loadConfig(getenv, stderr)
	if err != nil {
		return err
	}
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, cfg, args, stdout, stderr)
	case "migrate":
		return migrate(ctx, cfg, args, stdout, stderr)
	case "seed":
		return seed(ctx, cfg, args, stdout, stderr)
	case "token":
		return token(ctx, cfg, args, stdout, stderr)
	case "match":
		return match(ctx, cfg, args, stdout, stderr)
	case "certificate":
		return certificateCmd(ctx, cfg, args, stdout, stderr)
	case "apikey":
		return apikeyCmd(ctx, cfg, args, stdout, stderr)
	case "audit":
		return auditCmd(ctx, cfg, args, stdout, stderr)
	case "template":
		return templateCmd(args, stdout, stderr)
	case "import":
		return importCmd(ctx, cfg, args, stdout, stderr)
	case "export":
		return exportCmd(ctx, cfg, args, stdout, stderr)
	case "agency":
		return agencyCmd(ctx, cfg, args, stdout, stderr)
	case "export-schema":
		return exportSchema(args, stdout, stderr)
	case "help":
		_, err := io.WriteString(stdout, usage)
		return err
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown subcommand %q", cmd)
	}
}

func loadConfig(getenv func(string) string, stderr io.Writer) (config, error) {
	cfg := config{
		addr:     envOr(getenv, "WUSHE_ADDR", "127.0.0.1:8080"),
		database: getenv("WUSHE_DATABASE_URL"),
		dataDir:  envOr(getenv, "WUSHE_DATA_DIR", "data"),
		getenv:   getenv,
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(envOr(getenv, "WUSHE_LOG_LEVEL", "info"))); err != nil {
		return cfg, fmt.Errorf("WUSHE_LOG_LEVEL: %w", err)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch f := envOr(getenv, "WUSHE_LOG_FORMAT", "text"); f {
	case "text":
		cfg.log = slog.New(slog.NewTextHandler(stderr, opts))
	case "json":
		cfg.log = slog.New(slog.NewJSONHandler(stderr, opts))
	default:
		return cfg, fmt.Errorf("WUSHE_LOG_FORMAT must be text or json, got %q", f)
	}
	return cfg, nil
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

// newFlags returns a FlagSet that prints the usage on -h and reports errors
// instead of exiting.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fmt.Fprintf(stderr, "\nFlags of %s:\n", name)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args, turning -h into a nil error after printing the usage.
func parse(fs *flag.FlagSet, args []string) (help bool, err error) {
	err = fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		return true, nil
	}
	if err == nil && fs.NArg() > 0 {
		return false, fmt.Errorf("%s: unexpected argument %q", fs.Name(), fs.Arg(0))
	}
	return false, err
}

// dsn returns the database to open: the flag, WUSHE_DATABASE_URL, or the
// SQLite file in the data directory.
func (c config) dsn(flagValue string) string {
	switch {
	case flagValue != "":
		return normalizeDSN(flagValue)
	case c.database != "":
		return normalizeDSN(c.database)
	default:
		return store.SQLitePath(filepath.Join(c.dataDir, "wushe.db"))
	}
}

// normalizeDSN accepts a PostgreSQL URL, a SQLite DSN, or a path to a SQLite
// file.
func normalizeDSN(s string) string {
	if strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://") || strings.HasPrefix(s, "file:") {
		return s
	}
	return store.SQLitePath(strings.TrimPrefix(s, "sqlite://"))
}

// openExistingDB opens and migrates a database that must exist already:
// the commands that only use one (token, apikey, audit, match, import, …)
// never create an empty SQLite file where they happen to run, and say
// where they looked instead.
func openExistingDB(ctx context.Context, cfg config, dsn string) (*store.DB, error) {
	if path, ok := store.SQLiteFile(dsn); ok {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			abs, _ := filepath.Abs(path)
			return nil, fmt.Errorf("no database at %s (the SQLite file in WUSHE_DATA_DIR, default ./data): run this command where the server runs, set WUSHE_DATA_DIR or WUSHE_DATABASE_URL, or create one with `server seed --demo` or `server migrate`", abs)
		}
	}
	return openDB(ctx, cfg, dsn)
}

// openDB opens and migrates the database. When dsn is a PostgreSQL URL
// and WUSHE_DATABASE_DIRECT_URL is set, dsn goes through a connection
// pooler in transaction mode (PgBouncer): the migrations and the
// database's settings go through the direct URL first (pooled.go).
func openDB(ctx context.Context, cfg config, dsn string) (*store.DB, error) {
	if direct := cfg.directURL(dsn); direct != "" {
		return openPooled(ctx, cfg, dsn, direct)
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx, cfg.log); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func serve(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", stderr)
	addr := fs.String("addr", cfg.addr, "listen address (host:port; port 0 picks a free one)")
	database := fs.String("database", "", "database URL or SQLite file (default $WUSHE_DATABASE_URL or $WUSHE_DATA_DIR/wushe.db)")
	withDemo := fs.Bool("demo", false, "load the demo district and print a token per demo role")
	if help, err := parse(fs, args); help || err != nil {
		return err
	}
	setGC(cfg.getenv) // gc.go
	start := time.Now()
	dsn := cfg.dsn(*database)
	db, err := openDB(ctx, cfg, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	key, err := authz.LoadKey(cfg.getenv, cfg.dataDir)
	if err != nil {
		return err
	}
	tokens, err := authz.NewTokens(key)
	if err != nil {
		return err
	}
	if *withDemo {
		if err := loadDemo(ctx, cfg, db, stdout); err != nil {
			return err
		}
	}
	replicas, err := openReplicas(ctx, cfg, db)
	if err != nil {
		return err
	}
	if replicas != nil {
		defer replicas.Close()
	}
	bus, feed, err := openBus(ctx, cfg, db, dsn) // after the demo: loading it publishes nothing
	if err != nil {
		return err
	}
	defer bus.Close()
	defer feed.Close()
	allowPrivate := false
	if v := cfg.getenv("WUSHE_WEBHOOK_ALLOW_PRIVATE"); v != "" {
		if allowPrivate, err = strconv.ParseBool(v); err != nil {
			return fmt.Errorf("WUSHE_WEBHOOK_ALLOW_PRIVATE must be true or false, got %q", v)
		}
	}
	auth := authz.NewAuthenticator(tokens, db.Client)
	// A webhook delivers while the credentials that registered it stay
	// valid: an account deactivated, a key revoked or an agency closed
	// suspends it.
	hooks := webhook.New(webhook.Config{DB: db.SQL, Dialect: db.Dialect, Client: db.Client, Feed: feed, Log: cfg.log, AllowPrivate: allowPrivate,
		Credentials: auth.Check})
	hooksCtx, stopHooks := context.WithCancel(context.WithoutCancel(ctx))
	hooksDone := make(chan struct{})
	go func() { hooks.Run(hooksCtx); close(hooksDone) }()
	defer func() { stopHooks(); <-hooksDone }()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	base := "http://" + ln.Addr().String()
	stopProfiling, err := startProfiling(cfg.getenv, cfg.log) // pprof.go
	if err != nil {
		_ = ln.Close()
		return err
	}
	defer stopProfiling()
	limits, prot, err := protection(cfg.getenv)
	if err != nil {
		return err
	}
	grace, err := shutdownGrace(cfg.getenv)
	if err != nil {
		return err
	}
	tracing, err := telemetry.Setup(ctx, cfg.getenv, "dev")
	if err != nil {
		return err
	}
	defer tracing.Shutdown(context.WithoutCancel(ctx))
	reads := audit.NewReads(db.Client, db.Dialect, cfg.log)
	// Requests run in base: cancelling it at the end of the shutdown's
	// grace period stops their work, their statements with it.
	requests, stopRequests := context.WithCancel(context.WithoutCancel(ctx))
	defer stopRequests()
	importTimeout := 30 * time.Minute
	if v := cfg.getenv("WUSHE_IMPORT_TIMEOUT"); v != "" {
		if importTimeout, err = time.ParseDuration(v); err != nil || importTimeout <= 0 {
			return fmt.Errorf("WUSHE_IMPORT_TIMEOUT must be a duration like 30m, got %q", v)
		}
	}
	m := metrics.New(db.SQL)
	if replicas != nil {
		m.Registry.MustRegister(newReplicaCollector(replicas))
	}
	imports := importer.NewJobs(importer.JobsConfig{Client: db.Client, Dialect: db.Dialect, Log: cfg.log, Timeout: importTimeout})
	srv := &http.Server{
		Handler: tracing.Handler(server.New(server.Config{
			DB: db, Auth: auth, Reads: reads,
			Log: cfg.log, Schema: graph.SDL(),
			Limits: limits, Protection: prot, Metrics: m, MetricsToken: cfg.getenv("WUSHE_METRICS_TOKEN"), Bus: bus, Feed: feed, Webhooks: hooks, Imports: imports,
			CodeKey: key,
		})),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return requests },
	}
	if *withDemo {
		if err := printDemoTokens(stdout, tokens, base); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "Wushe Hub listening on %s (GraphQL at %s/graphql, database %s)\n", base, base, db.Source())
	cfg.log.InfoContext(ctx, "serving", "addr", base, "database", db.Source(), "startup", time.Since(start).Round(time.Millisecond))

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		_ = imports.Close(context.Background())
		_ = reads.Close(context.Background())
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	cfg.log.Info("shutting down: finishing requests in flight")
	open := 0
	if counter, ok := bus.(interface{ Subscribers() int }); ok {
		open = counter.Subscribers()
	}
	open += feed.Followers()
	_ = feed.Close()
	if err := bus.Close(); err != nil { // subscriptions complete; their clients may reconnect elsewhere
		cfg.log.Warn("shutdown: closing the event bus", "err", err)
	}
	if open > 0 {
		// WebSocket connections are not the HTTP server's to wait for:
		// give their writers a moment to send each subscription's complete.
		time.Sleep(300 * time.Millisecond)
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), grace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		// Requests still running past the grace period are cancelled and
		// their connections closed: no request holds the shutdown longer.
		cfg.log.Warn("shutdown: cancelling the requests still running after the grace period", "grace", grace)
		stopRequests()
		_ = srv.Close()
	}
	// Imports still running roll back (nothing written); their owners are
	// told to upload again.
	if err := imports.Close(shutdownCtx); err != nil {
		cfg.log.Warn("shutdown: imports", "err", err)
	}
	readsCtx, cancelReads := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancelReads()
	if err := reads.Close(readsCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	cfg.log.Info("stopped")
	return nil
}

func loadDemo(ctx context.Context, cfg config, db *store.DB, stdout io.Writer) error {
	start := time.Now()
	loaded, err := demo.Load(authz.SystemContext(ctx), db.Client)
	if err != nil {
		return err
	}
	if loaded {
		fmt.Fprintf(stdout, "Demo district loaded in %s.\n", time.Since(start).Round(time.Millisecond))
	} else {
		fmt.Fprintln(stdout, "Demo district already loaded; nothing changed.")
	}
	return nil
}

func printDemoTokens(w io.Writer, tokens *authz.Tokens, base string) error {
	fmt.Fprintln(w, "\nDemo tokens (valid 30 days), one per role:")
	var first string
	for _, dv := range demo.Viewers() {
		tok, err := tokens.Issue(dv.Viewer, 30*24*time.Hour)
		if err != nil {
			return err
		}
		if first == "" {
			first = tok
		}
		fmt.Fprintf(w, "\n  %s — %s\n  %s\n", dv.Viewer.Role, dv.Label, tok)
	}
	fmt.Fprintf(w, "\nTry:\n  curl -s %s/graphql -H 'Content-Type: application/json' \\\n    -H 'Authorization: Bearer %s' \\\n    -d '{\"query\":\"{ viewer { role agency } communities(first: 3) { totalCount edges { node { name households } } } }\"}'\n\n", base, first)
	return nil
}

func seed(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("seed", stderr)
	database := fs.String("database", "", "database URL or SQLite file")
	withDemo := fs.Bool("demo", false, "load the demo district")
	size := fs.String("scale", "", "load a synthetic data set into an empty database: district, city or province")
	reset := fs.Bool("reset", false, "first remove everything from a database that holds only the demo or a synthetic data set (records, accounts, API keys, the audit log), so that it is as new")
	if help, err := parse(fs, args); help || err != nil {
		return err
	}
	if !*withDemo && *size == "" {
		return errors.New("seed: nothing to load; pass --demo or --scale district|city|province")
	}
	var sz scale.Size
	if *size != "" {
		var err error
		if sz, err = scale.SizeNamed(*size); err != nil {
			return fmt.Errorf("seed --scale: %w", err)
		}
	}
	dsn := cfg.dsn(*database)
	if *reset {
		if err := resetSeeded(ctx, cfg, dsn, stdout); err != nil {
			return err
		}
	}
	db, err := openDB(ctx, cfg, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if *size != "" {
		if err := loadScale(ctx, db, sz, stdout, stderr); err != nil {
			return err
		}
	}
	if *withDemo {
		return loadDemo(ctx, cfg, db, stdout)
	}
	return nil
}

// loadScale writes the synthetic data set of size sz into db, which must
// hold no records, with a progress bar on stderr.
func loadScale(ctx context.Context, db *store.DB, sz scale.Size, stdout, stderr io.Writer) error {
	empty, err := scale.Empty(ctx, db)
	if err != nil {
		return err
	}
	if !empty {
		return fmt.Errorf("seed --scale: %s already holds records; a data set is loaded only into an empty database (pass --reset to empty one that holds only the demo or a data set)", db.Source())
	}
	start := time.Now()
	bar := &scaleBar{w: stderr, desc: "合成数据 " + sz.Name}
	if err := scale.Load(ctx, db, sz, bar); err != nil {
		return err
	}
	bar.finish()
	fmt.Fprintf(stdout, "Synthetic %s loaded in %s: %d communities (province %s, city %s, district %s, community %s), %d students, %d volunteers, %d activities.\n",
		sz.Name, time.Since(start).Round(time.Second), sz.Communities(), scale.ProvinceCode, scale.CityCode, scale.DistrictCode, scale.CommunityCode,
		sz.Universities*sz.StudentsPerUniversity, sz.Communities()*sz.VolunteersPerCommunity, sz.Communities()*sz.ActivitiesPerCommunity)
	fmt.Fprintf(stdout, "Tokens: server token --role DISTRICT_OFFICER --agency %s (or COMMUNITY_OFFICER --agency %s, UNIVERSITY_STAFF --agency %s, PLATFORM_ADMIN).\n",
		scale.DistrictCode, scale.CommunityCode, scale.FirstUniversityCode)
	return nil
}

// scaleBar shows a data set's progress in rows.
type scaleBar struct {
	w    io.Writer
	desc string
	bar  *progressbar.ProgressBar
}

func (b *scaleBar) Total(rows int64) {
	b.bar = progressbar.NewOptions64(rows, progressbar.OptionSetWriter(b.w), progressbar.OptionSetDescription(b.desc),
		progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString("rows"),
		progressbar.OptionThrottle(200*time.Millisecond), progressbar.OptionFullWidth())
}

func (b *scaleBar) Add(rows int) { _ = b.bar.Add(rows) }

func (b *scaleBar) finish() {
	_ = b.bar.Finish()
	fmt.Fprintln(b.w)
}

// resetSeeded empties the database dsn names when it holds the demo
// district, a synthetic data set or nothing: it refuses one that holds
// other data, so that a mistyped --database cannot wipe a district's
// records.
func resetSeeded(ctx context.Context, cfg config, dsn string, stdout io.Writer) error {
	if path, ok := store.SQLiteFile(dsn); ok {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return nil
		}
	}
	db, err := openDB(ctx, cfg, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	sys := authz.SystemContext(ctx)
	divisions, err := db.Client.Division.Query().Count(sys)
	if err != nil {
		return fmt.Errorf("seed --reset: %w", err)
	}
	if divisions > 0 {
		seeded, err := db.Client.Division.Query().Where(division.CodeIn(demo.XixiaCode, scale.ProvinceCode)).Exist(sys)
		if err != nil {
			return fmt.Errorf("seed --reset: %w", err)
		}
		if !seeded {
			return fmt.Errorf("seed --reset: %s holds %d divisions and not the demo district (%s) or a synthetic data set (%s); --reset empties only a demo or synthetic database", db.Source(), divisions, demo.XixiaCode, scale.ProvinceCode)
		}
	}
	if err := db.Reset(ctx); err != nil {
		return fmt.Errorf("seed --reset: %w", err)
	}
	fmt.Fprintf(stdout, "Emptied %s (records, accounts, API keys, audit log); tokens issued before no longer open an account.\n", db.Source())
	return nil
}

func token(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("token", stderr)
	role := fs.String("role", "", "role of the token (required)")
	agency := fs.String("agency", "", "agency code the token acts for")
	account := fs.String("account", "", "account the token is issued to, opened if new (default: role@agency)")
	ttl := fs.Duration("ttl", 24*time.Hour, "validity, e.g. 1h, 720h")
	database := fs.String("database", "", "database URL or SQLite file")
	person := fs.String("volunteer", "", "for --role VOLUNTEER: the volunteer whose own account it is (global ID or number)")
	if help, err := parse(fs, args); help || err != nil {
		return err
	}
	r, err := authz.ParseRole(*role)
	if err != nil {
		return fmt.Errorf("token: --role: %w (one of %v)", err, authz.Roles)
	}
	if *ttl <= 0 {
		return errors.New("token: --ttl must be positive")
	}
	if r != authz.PlatformAdmin && *agency == "" {
		return fmt.Errorf("token: role %s acts for an agency; pass --agency CODE", r)
	}
	if err := authz.CheckAgency(r, *agency); err != nil {
		return fmt.Errorf("token: --agency does not fit role %s: %w", r, err)
	}
	name := *account
	if name == "" {
		name = strings.ToLower(string(r))
		if *agency != "" {
			name += "@" + *agency
		}
	}
	db, err := openExistingDB(ctx, cfg, cfg.dsn(*database))
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := authz.SyncAgencies(ctx, db.Client); err != nil {
		return err
	}
	acct, err := authz.EnsureAccount(ctx, db.Client, name, r, *agency)
	if err != nil {
		return fmt.Errorf("token: %w", err)
	}
	if r == authz.Volunteer {
		if err := linkVolunteer(ctx, db, acct, *person, *agency); err != nil {
			return fmt.Errorf("token: %w", err)
		}
	} else if *person != "" {
		return errors.New("token: --volunteer goes with --role VOLUNTEER")
	}
	key, err := authz.LoadKey(cfg.getenv, cfg.dataDir)
	if err != nil {
		return err
	}
	tokens, err := authz.NewTokens(key)
	if err != nil {
		return err
	}
	tok, err := tokens.Issue(authz.Viewer{Subject: name, Agency: *agency, Role: r}, *ttl)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(stdout, tok)
	return err
}

func exportSchema(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("export-schema", stderr)
	out := fs.String("out", "", "write to FILE instead of standard output")
	if help, err := parse(fs, args); help || err != nil {
		return err
	}
	sdl := graph.SDL()
	if *out == "" {
		_, err := io.WriteString(stdout, sdl)
		return err
	}
	return os.WriteFile(*out, []byte(sdl), 0o644)
}
