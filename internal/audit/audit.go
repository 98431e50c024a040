// Package audit keeps the hub's append-only, hash-chained audit log: every
// mutation, and every read of a CONDITIONAL or NONE field, becomes an entry
// whose SHA-256 hash covers its content and the previous entry's hash, so
// that changing or removing an entry breaks the chain at that point.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	"entgo.io/ent/privacy"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/auditentry"
	"github.com/wushehub/wushe/internal/authz"
)

// Entry is what an audit entry records, before it is chained.
type Entry struct {
	At           time.Time
	Subject      string
	Agency       string
	Role         string
	Purpose      string
	Operation    string
	DocumentHash string
	Action       auditentry.Action
	Entity       string
	EntityID     int
	Fields       []string
}

// Hash returns the hash of an entry at position seq following prev: SHA-256
// over its fields, each length-prefixed so that no two contents collide.
func Hash(seq int64, e Entry, prev string) string {
	h := sha256.New()
	put := func(s string) {
		h.Write([]byte(strconv.Itoa(len(s))))
		h.Write([]byte{':'})
		h.Write([]byte(s))
	}
	put(strconv.FormatInt(seq, 10))
	put(e.At.UTC().Format(time.RFC3339Nano))
	put(e.Subject)
	put(e.Agency)
	put(e.Role)
	put(e.Purpose)
	put(e.Operation)
	put(e.DocumentHash)
	put(string(e.Action))
	put(e.Entity)
	put(strconv.Itoa(e.EntityID))
	put(strings.Join(e.Fields, ","))
	put(prev)
	return hex.EncodeToString(h.Sum(nil))
}

// chainLock is the PostgreSQL advisory lock serialising appends across
// server processes ("wushe audit" in ASCII).
const chainLock = 0x7775736865_61

// Append chains entries onto the log through client, which must be a
// transaction's client when the entries must commit with other writes. On
// PostgreSQL it holds an advisory lock until the transaction ends, so that
// appends from several servers form one chain.
func Append(ctx context.Context, client *ent.Client, d string, entries ...Entry) error {
	if len(entries) == 0 {
		return nil
	}
	ctx = privacy.DecisionContext(ctx, privacy.Allow)
	if d == dialect.Postgres {
		if _, err := client.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", chainLock); err != nil {
			return fmt.Errorf("audit: locking the chain: %w", err)
		}
	}
	seq, prev := int64(0), ""
	last, err := client.AuditEntry.Query().Order(ent.Desc(auditentry.FieldSeq)).First(ctx)
	switch {
	case ent.IsNotFound(err):
	case err != nil:
		return fmt.Errorf("audit: reading the chain head: %w", err)
	default:
		seq, prev = last.Seq, last.Hash
	}
	builders := make([]*ent.AuditEntryCreate, 0, len(entries))
	for _, e := range entries {
		seq++
		e.At = e.At.UTC().Truncate(time.Microsecond)
		h := Hash(seq, e, prev)
		b := client.AuditEntry.Create().
			SetSeq(seq).SetAt(e.At).SetRole(e.Role).SetAction(e.Action).SetEntity(e.Entity).
			SetPrevHash(prev).SetHash(h)
		if e.Subject != "" {
			b.SetSubject(e.Subject)
		}
		if e.Agency != "" {
			b.SetAgency(e.Agency)
		}
		if e.Purpose != "" {
			b.SetPurpose(e.Purpose)
		}
		if e.Operation != "" {
			b.SetOperation(e.Operation)
		}
		if e.DocumentHash != "" {
			b.SetDocumentHash(e.DocumentHash)
		}
		if e.EntityID != 0 {
			b.SetEntityID(e.EntityID)
		}
		if len(e.Fields) > 0 {
			b.SetFields(e.Fields)
		}
		builders = append(builders, b)
		prev = h
	}
	for i := 0; i < len(builders); i += 500 {
		j := min(i+500, len(builders))
		if _, err := client.AuditEntry.CreateBulk(builders[i:j]...).Save(ctx); err != nil {
			return fmt.Errorf("audit: appending: %w", err)
		}
	}
	return nil
}

// Operation describes the GraphQL operation a request runs, for its entries.
type Operation struct {
	Name         string
	DocumentHash string
}

type operationKey struct{}

// WithOperation returns ctx carrying the operation's name and document hash.
func WithOperation(ctx context.Context, op Operation) context.Context {
	return context.WithValue(ctx, operationKey{}, op)
}

// DocumentHash returns the hex SHA-256 of a GraphQL document.
func DocumentHash(doc string) string {
	sum := sha256.Sum256([]byte(doc))
	return hex.EncodeToString(sum[:])
}

// newEntry fills the who and why of an entry from ctx.
func newEntry(ctx context.Context, action auditentry.Action, entity string, id int, fields []string) Entry {
	v := authz.FromContext(ctx)
	op, _ := ctx.Value(operationKey{}).(Operation)
	return Entry{
		At: time.Now(), Subject: v.Subject, Agency: v.Agency, Role: string(v.Role), Purpose: v.Purpose,
		Operation: op.Name, DocumentHash: op.DocumentHash,
		Action: action, Entity: entity, EntityID: id, Fields: fields,
	}
}
