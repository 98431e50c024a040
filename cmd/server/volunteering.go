package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/community"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/records"
	"github.com/wushehub/wushe/internal/scalar"
	"github.com/wushehub/wushe/internal/store"
)

// volunteerID reads a volunteer named by its global ID or number.
func volunteerID(ctx context.Context, db *store.DB, s string) (*ent.Volunteer, error) {
	if s == "" {
		return nil, errors.New("--volunteer is required")
	}
	id, err := scalar.DecodeID(s)
	if err != nil {
		if id, err = strconv.Atoi(s); err != nil {
			return nil, fmt.Errorf("--volunteer: %q is neither a global ID nor a number", s)
		}
	}
	v, err := db.Client.Volunteer.Get(authz.SystemContext(ctx), id)
	if err != nil {
		return nil, fmt.Errorf("--volunteer: no volunteer %s", s)
	}
	return v, nil
}

// linkVolunteer makes acct the own account of the volunteer named, who must
// be registered at the account's community.
func linkVolunteer(ctx context.Context, db *store.DB, acct *ent.Account, person, agency string) error {
	v, err := volunteerID(ctx, db, person)
	if err != nil {
		return err
	}
	sys := authz.SystemContext(ctx)
	c, err := db.Client.Community.Query().Where(community.Code(agency)).Only(sys)
	if err != nil || v.CommunityID == nil || *v.CommunityID != c.ID {
		return fmt.Errorf("volunteer %s is not registered at community %s", person, agency)
	}
	if acct.VolunteerID != nil && *acct.VolunteerID != v.ID {
		return fmt.Errorf("account %s is the account of another volunteer", acct.Username)
	}
	return db.Client.Account.UpdateOne(acct).SetVolunteerID(v.ID).Exec(sys)
}

func certificateCmd(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("certificate", stderr)
	person := fs.String("volunteer", "", "the volunteer (global ID or number; required)")
	comm := fs.String("community", "", "issuing community code (default: the volunteer's community)")
	out := fs.String("out", "", "write the page to FILE instead of standard output")
	base := fs.String("base", "http://127.0.0.1:8080", "the hub's address, printed as the verification URL")
	database := fs.String("database", "", "database URL or SQLite file")
	if help, err := parse(fs, args); help || err != nil {
		return err
	}
	db, err := openExistingDB(ctx, cfg, cfg.dsn(*database))
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := volunteerID(ctx, db, *person)
	if err != nil {
		return fmt.Errorf("certificate: %w", err)
	}
	sys := authz.SystemContext(ctx)
	issuer := 0
	if *comm != "" {
		c, err := db.Client.Community.Query().Where(community.Code(*comm)).Only(sys)
		if err != nil {
			return fmt.Errorf("certificate: no community %s", *comm)
		}
		issuer = c.ID
	} else if v.CommunityID != nil {
		issuer = *v.CommunityID
	} else {
		return errors.New("certificate: the volunteer has no community: pass --community")
	}
	svc := records.New(db.Client, records.NewSigner(nil))
	cert, err := svc.Issue(sys, v.ID, issuer)
	if err != nil {
		return fmt.Errorf("certificate: %w", err)
	}
	page, err := svc.HTML(sys, cert, *base+"/verify/"+cert.Code)
	if err != nil {
		return fmt.Errorf("certificate: %w", err)
	}
	if *out == "" {
		_, err := io.WriteString(stdout, page)
		return err
	}
	if err := os.WriteFile(*out, []byte(page), 0o644); err != nil {
		return fmt.Errorf("certificate: %w", err)
	}
	fmt.Fprintf(stdout, "Certificate %s for %s: %.1f hours, %d stars; written to %s; verify at %s/verify/%s\n",
		cert.Code, v.Name, cert.Hours, cert.StarLevel, *out, *base, cert.Code)
	return nil
}
