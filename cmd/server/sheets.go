package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/schollz/progressbar/v3"

	"github.com/wushehub/wushe/ent/agency"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/events"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/importer"
	"github.com/wushehub/wushe/internal/store"
)

// templateCmd writes an entity's XLSX template.
func templateCmd(args []string, stdout, stderr io.Writer) error {
	entity, args := firstArg(args)
	fs := newFlags("template", stderr)
	out := fs.String("out", "", "write to FILE (default ENTITY.xlsx; - for standard output)")
	list := fs.Bool("list", false, "list the entities that have a template")
	if help, err := parse(fs, args); help || err != nil {
		return err
	}
	if *list || entity == "" {
		for _, s := range importer.Specs() {
			fmt.Fprintf(stdout, "%-20s %s\n", s.Slug, s.Zh)
		}
		if entity == "" && !*list {
			return errors.New("template: name an entity, e.g. `server template volunteer`")
		}
		return nil
	}
	spec, err := importer.Lookup(entity)
	if err != nil {
		return fmt.Errorf("template: %w", err)
	}
	var buf bytes.Buffer
	if err := importer.Template(&buf, spec); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	path := *out
	if path == "" {
		path = spec.Slug + ".xlsx"
	}
	if path == "-" {
		_, err := stdout.Write(buf.Bytes())
		return err
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	fmt.Fprintf(stderr, "wrote %s (%s)\n", path, spec.Zh)
	return nil
}

// firstArg splits a leading positional argument off args.
func firstArg(args []string) (string, []string) {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		return args[0], args[1:]
	}
	return "", args
}

// viewerFlags checks --role and --agency before anything is opened.
func viewerFlags(name, code, role string) (authz.Role, error) {
	if role == "" {
		return "", fmt.Errorf("%s: say who acts: --role ROLE and --agency CODE (the rules of that agency apply)", name)
	}
	r, err := authz.ParseRole(role)
	if err != nil {
		return "", fmt.Errorf("%s: --role: %w (one of %v)", name, err, authz.Roles)
	}
	if r != authz.PlatformAdmin && code == "" {
		return "", fmt.Errorf("%s: role %s acts for an agency; pass --agency CODE", name, r)
	}
	if err := authz.CheckAgency(r, code); err != nil {
		return "", fmt.Errorf("%s: --agency does not fit role %s: %w", name, r, err)
	}
	return r, nil
}

// cliViewer resolves --agency and --role to the viewer a command acts as.
// Both are required (the platform administrator alone takes no agency): the
// hub's own viewer bypasses the privacy rules, and a command-line import or
// export must obey them like any request.
func cliViewer(ctx context.Context, db *store.DB, name, code, role, account string) (authz.Viewer, error) {
	r, err := viewerFlags(name, code, role)
	if err != nil {
		return authz.Viewer{}, err
	}
	if code != "" {
		sys := authz.SystemContext(ctx)
		if _, err := authz.SyncAgencies(ctx, db.Client); err != nil {
			return authz.Viewer{}, err
		}
		ag, err := db.Client.Agency.Query().Where(agency.Code(code)).Only(sys)
		if err != nil {
			return authz.Viewer{}, fmt.Errorf("%s: no agency with code %q", name, code)
		}
		if !ag.Active {
			return authz.Viewer{}, fmt.Errorf("%s: agency %s is not active", name, code)
		}
	}
	if account == "" {
		account = strings.ToLower(string(r))
		if code != "" {
			account += "@" + code
		}
	}
	return authz.Viewer{Subject: account, Agency: code, Role: r}, nil
}

// importCmd imports a spreadsheet.
func importCmd(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	file, args := firstArg(args)
	fs := newFlags("import", stderr)
	entity := fs.String("entity", "", "entity of the rows (see `server template --list`)")
	dryRun := fs.Bool("dry-run", false, "check and report every row, write nothing")
	partial := fs.Bool("partial", false, "commit the good rows and refuse the rest (default: all rows or none)")
	createOnly := fs.Bool("create-only", false, "refuse rows whose record exists (default: update them)")
	code := fs.String("agency", "", "agency code the import acts for")
	role := fs.String("role", "", "role the import acts in")
	account := fs.String("account", "", "account recorded in the audit log (default: role@agency)")
	lang := fs.String("lang", "zh", "language of the report: zh or en")
	report := fs.String("report", "", "write an XLSX copy of the file with the problems marked to FILE.xlsx")
	format := fs.String("format", "", "xlsx or csv (default: from the file name)")
	quiet := fs.Bool("quiet", false, "no progress bar")
	database := fs.String("database", "", "database URL or SQLite file")
	if help, err := parse(fs, args); help || err != nil {
		return err
	}
	if file == "" {
		return errors.New("import: name the file: server import FILE --entity E --agency CODE --role ROLE")
	}
	spec, err := importer.Lookup(*entity)
	if err != nil {
		return fmt.Errorf("import: --entity: %w", err)
	}
	fname := *format
	if fname == "" {
		fname = file
	}
	f, err := importer.ParseFormat(fname)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	l := fault.English
	if strings.HasPrefix(strings.ToLower(*lang), "zh") {
		l = fault.Chinese
	}
	if _, err := viewerFlags("import", *code, *role); err != nil {
		return err
	}
	in, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer in.Close()
	db, err := openExistingDB(ctx, cfg, cfg.dsn(*database))
	if err != nil {
		return err
	}
	defer db.Close()
	// The records imported append their events to the change feed in the
	// import's transaction, as a GraphQL write's do: serving processes
	// read the feed (they poll it), so subscribers and webhooks get them.
	db.Client.Use(events.Hook(events.NewLocal(cfg.log), db.Dialect))
	viewer, err := cliViewer(ctx, db, "import", *code, *role, *account)
	if err != nil {
		return err
	}
	var bar *progressbar.ProgressBar
	progress := func(p importer.Progress) {
		if *quiet {
			return
		}
		if bar == nil {
			total := -1
			if p.Total > 0 {
				total = p.Total
			}
			bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(stderr), progressbar.OptionSetDescription(spec.Zh),
				progressbar.OptionShowCount(), progressbar.OptionThrottle(100_000_000))
		}
		_ = bar.Set(p.Done)
	}
	im := &importer.Importer{Client: db.Client, Dialect: db.Dialect}
	rep, err := im.Import(authz.NewContext(ctx, viewer), spec, in, f, importer.Options{
		DryRun: *dryRun, Partial: *partial, CreateOnly: *createOnly, Lang: l,
	}, progress)
	if bar != nil {
		_ = bar.Finish()
		fmt.Fprintln(stderr)
	}
	if err != nil {
		if fe, ok := fault.As(err); ok && fe.Code != fault.Internal {
			return fmt.Errorf("import: %s", fe.Message(l))
		}
		return fmt.Errorf("import: %w", err)
	}
	printImport(stdout, rep, l)
	if *report != "" {
		if _, err := in.Seek(0, io.SeekStart); err != nil {
			return err
		}
		out, err := os.Create(*report)
		if err != nil {
			return fmt.Errorf("import: --report: %w", err)
		}
		if err := importer.WriteAnnotated(out, in, f, rep, l); err != nil {
			out.Close()
			return fmt.Errorf("import: --report: %w", err)
		}
		if err := out.Close(); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "report written to %s\n", *report)
	}
	if rep.Refused > 0 && !rep.Partial && !rep.DryRun {
		return fmt.Errorf("import: %d of %d rows refused; nothing was written (fix them, or pass --partial to keep the good rows)", rep.Refused, rep.Rows)
	}
	return nil
}

// printImport prints an import's summary and its refused rows.
func printImport(w io.Writer, rep *importer.Report, l fault.Lang) {
	state := "written"
	switch {
	case rep.DryRun:
		state = "dry run: nothing written"
	case !rep.Committed && rep.Refused > 0:
		state = "rolled back: nothing written"
	case !rep.Committed:
		state = "nothing to write"
	}
	if l == fault.Chinese {
		switch {
		case rep.DryRun:
			state = "试运行：未写入"
		case !rep.Committed && rep.Refused > 0:
			state = "已回滚：未写入任何数据"
		case !rep.Committed:
			state = "无需写入"
		default:
			state = "已写入"
		}
		fmt.Fprintf(w, "%s：共%d行，新增%d，更新%d，未变%d，拒绝%d（%s）\n", rep.Entity, rep.Rows, rep.Created, rep.Updated, rep.Unchanged, rep.Refused, state)
	} else {
		fmt.Fprintf(w, "%s: %d rows, %d created, %d updated, %d unchanged, %d refused (%s)\n", rep.Entity, rep.Rows, rep.Created, rep.Updated, rep.Unchanged, rep.Refused, state)
	}
	if len(rep.Ignored) > 0 {
		fmt.Fprintf(w, "ignored columns: %s\n", strings.Join(rep.Ignored, ", "))
	}
	for _, r := range rep.Refusals() {
		for _, p := range r.Problems {
			where := ""
			if p.Column != "" {
				where = fmt.Sprintf(" %s %s", p.Letter, p.Column)
			}
			if l == fault.Chinese {
				fmt.Fprintf(w, "第%d行%s：%s [%s]\n", r.Row, where, p.Message, p.Code)
			} else {
				fmt.Fprintf(w, "row %d%s: %s [%s]\n", r.Row, where, p.Message, p.Code)
			}
		}
	}
	if rep.SHA256 != "" {
		fmt.Fprintf(w, "sha256 %s\n", rep.SHA256)
	}
}

// exportCmd exports what a viewer may read of an entity.
func exportCmd(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("export", stderr)
	entity := fs.String("entity", "", "entity to export (see `server template --list`)")
	format := fs.String("format", "", "xlsx or csv (default: from --out, else xlsx)")
	out := fs.String("out", "", "write to FILE (default ENTITY.xlsx or ENTITY.csv; - for standard output)")
	prefix := fs.String("code-prefix", "", "only records of the communities, divisions or universities whose code starts with this")
	where := fs.String("where", "", `the entity's GraphQL where input as JSON, e.g. '{"kindIn":["PARTY_MEMBER"]}'`)
	code := fs.String("agency", "", "agency code the export acts for")
	role := fs.String("role", "", "role the export acts in")
	account := fs.String("account", "", "account recorded in the audit log (default: role@agency)")
	database := fs.String("database", "", "database URL or SQLite file")
	if help, err := parse(fs, args); help || err != nil {
		return err
	}
	spec, err := importer.Lookup(*entity)
	if err != nil {
		return fmt.Errorf("export: --entity: %w", err)
	}
	fname := *format
	if fname == "" {
		fname = *out
	}
	if fname == "" || fname == "-" {
		fname = "xlsx"
	}
	f, err := importer.ParseFormat(fname)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	db, err := openExistingDB(ctx, cfg, cfg.dsn(*database))
	if err != nil {
		return err
	}
	defer db.Close()
	viewer, err := cliViewer(ctx, db, "export", *code, *role, *account)
	if err != nil {
		return err
	}
	path := *out
	if path == "" {
		path = spec.Slug + "." + string(f)
	}
	// Write to a temporary file first: a failed export leaves no partial file.
	var w io.Writer = stdout
	var tmp *os.File
	if path != "-" {
		tmp, err = os.CreateTemp(dirOf(path), ".export-*")
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		defer os.Remove(tmp.Name())
		w = tmp
	}
	ex := &importer.Exporter{Client: db.Client, Dialect: db.Dialect}
	opt := importer.ExportOptions{Format: f, CodePrefix: *prefix}
	if *where != "" {
		opt.Where = []byte(*where)
	}
	n, err := ex.Export(authz.NewContext(ctx, viewer), spec, w, opt)
	if err != nil {
		if tmp != nil {
			tmp.Close()
		}
		if fe, ok := fault.As(err); ok && fe.Code != fault.Internal {
			return fmt.Errorf("export: %s", fe.Message(fault.English))
		}
		return fmt.Errorf("export: %w", err)
	}
	if tmp != nil {
		if err := tmp.Close(); err != nil {
			return err
		}
		if err := os.Rename(tmp.Name(), path); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		fmt.Fprintf(stderr, "wrote %d %s records to %s\n", n, spec.Slug, path)
	}
	return nil
}

func dirOf(path string) string {
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		return path[:i+1]
	}
	return "."
}
