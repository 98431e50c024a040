package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/wushehub/wushe/ent/activity"
	"github.com/wushehub/wushe/ent/community"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/store"
)

// shalongActivities counts the demo's Shalong activities and the audit
// entries in the database.
func shalongActivities(t *testing.T, dsn string) (activities, audited int) {
	t.Helper()
	db, err := store.Open(context.Background(), normalizeDSN(dsn))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := authz.SystemContext(context.Background())
	n, err := db.Client.Activity.Query().Where(activity.HasCommunityWith(community.Code("520204002012"))).Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	a, err := db.Client.AuditEntry.Query().Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return n, a
}

// TestSeedDemoReset: a user's experiments move the demo's figures;
// seed --demo --reset puts them back as new, and refuses a database that
// holds other data than the demo.
func TestSeedDemoReset(t *testing.T) {
	eachBackend(t, func(t *testing.T, dir, dsn string) {
		env := envFor(dir)
		seed := func(args ...string) (string, error) {
			var out, errb bytes.Buffer
			err := run(context.Background(), append([]string{"seed", "--database", dsn}, args...), env, &out, &errb)
			return out.String() + errb.String(), err
		}
		if out, err := seed("--demo"); err != nil {
			t.Fatalf("seed --demo: %v\n%s", err, out)
		}
		before, _ := shalongActivities(t, dsn)
		if before == 0 {
			t.Fatal("the demo has no Shalong activity")
		}

		// An experiment: two activities recorded in Shalong.
		db, err := store.Open(context.Background(), normalizeDSN(dsn))
		if err != nil {
			t.Fatal(err)
		}
		ctx := authz.SystemContext(context.Background())
		shalong := db.Client.Community.Query().Where(community.Code("520204002012")).OnlyX(ctx)
		for _, title := range []string{"试验一", "试验二"} {
			db.Client.Activity.Create().SetTitle(title).SetCategory("ELDERLY_DISABLED").
				SetHeldOn(time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)).SetParticipants(3).SetCommunity(shalong).SaveX(ctx)
		}
		db.Close()
		if n, _ := shalongActivities(t, dsn); n != before+2 {
			t.Fatalf("after the experiment: %d activities, want %d", n, before+2)
		}

		out, err := seed("--demo", "--reset")
		if err != nil {
			t.Fatalf("seed --demo --reset: %v\n%s", err, out)
		}
		if !strings.Contains(out, "Emptied") || !strings.Contains(out, "Demo district loaded") {
			t.Errorf("seed --demo --reset said:\n%s", out)
		}
		after, audited := shalongActivities(t, dsn)
		if after != before {
			t.Errorf("after the reset: %d Shalong activities, want the demo's %d", after, before)
		}
		var verify bytes.Buffer
		if err := run(context.Background(), []string{"audit", "verify", "--database", dsn}, env, &verify, &verify); err != nil {
			t.Errorf("audit verify after the reset (%d entries): %v\n%s", audited, err, verify.String())
		}
		if _, err := seed("--reset"); err == nil {
			t.Error("seed --reset without --demo was accepted")
		}
	})
}

// TestSeedResetRefusesOtherData: --reset empties a demo database only.
func TestSeedResetRefusesOtherData(t *testing.T) {
	eachBackend(t, func(t *testing.T, dir, dsn string) {
		env := envFor(dir)
		if err := run(context.Background(), []string{"migrate", "--database", dsn}, env, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
			t.Fatal(err)
		}
		db, err := store.Open(context.Background(), normalizeDSN(dsn))
		if err != nil {
			t.Fatal(err)
		}
		ctx := authz.SystemContext(context.Background())
		db.Client.Division.Create().SetCode("370102000000").SetName("历下区").SetLevel("DISTRICT").SaveX(ctx)
		db.Close()
		var out bytes.Buffer
		err = run(context.Background(), []string{"seed", "--demo", "--reset", "--database", dsn}, env, &out, &out)
		if err == nil || !strings.Contains(err.Error(), "not the demo district") {
			t.Fatalf("reset of a database with other data: %v\n%s", err, out.String())
		}
		db, err = store.Open(context.Background(), normalizeDSN(dsn))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if n := db.Client.Division.Query().CountX(ctx); n != 1 {
			t.Errorf("after the refused reset: %d divisions, want 1", n)
		}
	})
}
