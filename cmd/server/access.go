package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/agency"
	"github.com/wushehub/wushe/ent/apikey"
	"github.com/wushehub/wushe/internal/audit"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/fault"
)

// apikeyCmd manages API keys: create, revoke, list.
func apikeyCmd(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New("apikey: say create, revoke or list")
	}
	sub, args := args[0], args[1:]
	fs := newFlags("apikey "+sub, stderr)
	database := fs.String("database", "", "database URL or SQLite file")
	code := fs.String("agency", "", "agency code the key acts for (create, list)")
	role := fs.String("role", "", "role the key acts in (create)")
	name := fs.String("name", "", "what the key is for, e.g. the front-end using it (create)")
	scope := fs.String("scope", "READ", "READ or READ_WRITE (create)")
	ttl := fs.Duration("ttl", 0, "validity, e.g. 8760h; 0 for no expiry (create)")
	prefix := fs.String("prefix", "", "prefix of the key to revoke, as listed (revoke)")
	trustedOnly := fs.Bool("trusted-only", false, "the key runs only documents its agency registered (create)")
	if help, err := parse(fs, args); help || err != nil {
		return err
	}
	db, err := openExistingDB(ctx, cfg, cfg.dsn(*database))
	if err != nil {
		return err
	}
	defer db.Close()
	sys := authz.SystemContext(ctx)
	switch sub {
	case "create":
		r, err := authz.ParseRole(*role)
		if err != nil {
			return fmt.Errorf("apikey create: --role: %w", err)
		}
		if r == authz.Volunteer {
			return errors.New("apikey create: a volunteer's own account signs in with a token (server token --role VOLUNTEER --volunteer ID), not an API key")
		}
		agencyCode := *code
		if r == authz.PlatformAdmin && agencyCode == "" {
			agencyCode = authz.PlatformCode
		}
		if *name == "" {
			return errors.New("apikey create: --name says what the key is for")
		}
		ag, err := db.Client.Agency.Query().Where(agency.Code(agencyCode)).Only(sys)
		if ent.IsNotFound(err) {
			return fmt.Errorf("apikey create: no agency with code %q (run `server agency sync` after loading data)", agencyCode)
		}
		if err != nil {
			return err
		}
		if string(ag.Kind) != authz.AgencyKind(r) {
			return fmt.Errorf("apikey create: role %s does not act for a %s agency", r, ag.Kind)
		}
		sc := apikey.Scope(strings.ToUpper(*scope))
		if err := apikey.ScopeValidator(sc); err != nil {
			return fmt.Errorf("apikey create: --scope must be READ or READ_WRITE")
		}
		key, pre, err := authz.NewKey()
		if err != nil {
			return err
		}
		b := db.Client.APIKey.Create().SetName(*name).SetPrefix(pre).SetHash(authz.HashKey(key)).
			SetRole(string(r)).SetScope(sc).SetTrustedOnly(*trustedOnly).SetAgency(ag)
		if *ttl > 0 {
			b.SetExpiresAt(time.Now().Add(*ttl))
		}
		if _, err := b.Save(sys); err != nil {
			return fmt.Errorf("apikey create: %w", err)
		}
		fmt.Fprintf(stdout, "%s\n", key)
		only := ""
		if *trustedOnly {
			only = ", registered documents only"
		}
		fmt.Fprintf(stderr, "API key %s for %s (%s, %s%s) — shown once; send it as %s.\n", pre, ag.Name, r, sc, only, authz.APIKeyHeader)
		return nil
	case "revoke":
		if *prefix == "" {
			return errors.New("apikey revoke: --prefix names the key")
		}
		n, err := db.Client.APIKey.Update().Where(apikey.Prefix(*prefix), apikey.RevokedAtIsNil()).SetRevokedAt(time.Now()).Save(sys)
		if err != nil {
			return fmt.Errorf("apikey revoke: %w", err)
		}
		if n == 0 {
			return fmt.Errorf("apikey revoke: no active key with prefix %q", *prefix)
		}
		fmt.Fprintf(stdout, "revoked %s\n", *prefix)
		return nil
	case "list":
		q := db.Client.APIKey.Query().WithAgency().Order(ent.Asc(apikey.FieldCreatedAt))
		if *code != "" {
			q = q.Where(apikey.HasAgencyWith(agency.Code(*code)))
		}
		keys, err := q.All(sys)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "PREFIX\tAGENCY\tROLE\tSCOPE\tNAME\tSTATE")
		for _, k := range keys {
			state := "active"
			switch {
			case k.RevokedAt != nil:
				state = "revoked " + k.RevokedAt.Format("2006-01-02")
			case k.ExpiresAt != nil && time.Now().After(*k.ExpiresAt):
				state = "expired"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", k.Prefix, k.Edges.Agency.Code, k.Role, k.Scope, k.Name, state)
		}
		return tw.Flush()
	default:
		return fmt.Errorf("apikey: unknown action %q (create, revoke or list)", sub)
	}
}

// auditCmd verifies the audit log's hash chain.
func auditCmd(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		return errors.New("audit: say verify")
	}
	fs := newFlags("audit verify", stderr)
	database := fs.String("database", "", "database URL or SQLite file")
	if help, err := parse(fs, args[1:]); help || err != nil {
		return err
	}
	db, err := openExistingDB(ctx, cfg, cfg.dsn(*database))
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := audit.Verify(authz.SystemContext(ctx), db.Client)
	if err != nil {
		return err
	}
	if res.OK {
		fmt.Fprintf(stdout, "audit chain intact: %d entries\n", res.Checked)
		return nil
	}
	return fmt.Errorf("audit chain broken at entry %d (id %d): %s", res.BrokenAt, res.Entry.ID, res.Reason.In(fault.English))
}

// agencyCmd registers agencies for the records that can act.
func agencyCmd(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "sync" {
		return errors.New("agency: say sync")
	}
	fs := newFlags("agency sync", stderr)
	database := fs.String("database", "", "database URL or SQLite file")
	if help, err := parse(fs, args[1:]); help || err != nil {
		return err
	}
	db, err := openExistingDB(ctx, cfg, cfg.dsn(*database))
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := authz.SyncAgencies(ctx, db.Client)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "registered %d agencies\n", n)
	return nil
}
