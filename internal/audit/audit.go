// Package audit keeps the hub's append-only, hash-chained audit log: every
// mutation, and every read of a CONDITIONAL or NONE field, becomes an entry
// whose SHA-256 hash covers its content and the previous entry's hash, so
// that changing or removing an entry breaks the chain at that point.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/privacy"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/auditentry"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/bulk"
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
	// Each value as its length, a colon and its bytes, appended to one
	// buffer (the same bytes as writing each to the hash).
	buf := make([]byte, 0, 256)
	put := func(s string) {
		buf = strconv.AppendInt(buf, int64(len(s)), 10)
		buf = append(buf, ':')
		buf = append(buf, s...)
	}
	var num [24]byte
	put(string(strconv.AppendInt(num[:0], seq, 10)))
	var at [40]byte
	put(string(e.At.UTC().AppendFormat(at[:0], time.RFC3339Nano)))
	put(e.Subject)
	put(e.Agency)
	put(e.Role)
	put(e.Purpose)
	put(e.Operation)
	put(e.DocumentHash)
	put(string(e.Action))
	put(e.Entity)
	put(string(strconv.AppendInt(num[:0], int64(e.EntityID), 10)))
	n := max(len(e.Fields)-1, 0)
	for _, f := range e.Fields {
		n += len(f)
	}
	buf = strconv.AppendInt(buf, int64(n), 10)
	buf = append(buf, ':')
	for i, f := range e.Fields {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, f...)
	}
	put(prev)
	sum := sha256.Sum256(buf)
	return hex.EncodeToString(sum[:])
}

// chainLock is the PostgreSQL advisory lock serialising appends across
// server processes ("wushe audit" in ASCII).
const chainLock = 0x7775736865_61

// Append chains entries onto the log through client, which must be a
// transaction's client when the entries must commit with other writes. On
// PostgreSQL it holds an advisory lock until the transaction ends, so that
// appends from several servers form one chain.
func Append(ctx context.Context, client *ent.Client, d string, entries ...Entry) error {
	_, err := appendAt(ctx, client, d, nil, entries)
	return err
}

// head is the last entry of the chain: its sequence number and hash.
type head struct {
	seq  int64
	hash string
}

// appendAt appends entries after at, the chain's head when the caller
// knows it (its transaction holds the chain since it last appended), else
// after the head it locks and reads; it returns the new head.
func appendAt(ctx context.Context, client *ent.Client, d string, at *head, entries []Entry) (head, error) {
	if len(entries) == 0 {
		if at != nil {
			return *at, nil
		}
		return head{}, nil
	}
	ctx = privacy.DecisionContext(ctx, privacy.Allow)
	seq, prev := int64(0), ""
	if at != nil {
		seq, prev = at.seq, at.hash
	} else {
		if d == dialect.Postgres {
			if _, err := client.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", chainLock); err != nil {
				return head{}, fmt.Errorf("audit: locking the chain: %w", err)
			}
		}
		last, err := client.AuditEntry.Query().Order(ent.Desc(auditentry.FieldSeq)).First(ctx)
		switch {
		case ent.IsNotFound(err):
		case err != nil:
			return head{}, fmt.Errorf("audit: reading the chain head: %w", err)
		default:
			seq, prev = last.Seq, last.Hash
		}
	}
	rows := make([]row, 0, len(entries))
	for _, e := range entries {
		seq++
		e.At = e.At.UTC().Truncate(time.Microsecond)
		h := Hash(seq, e, prev)
		rows = append(rows, row{seq: seq, Entry: e, prev: prev, hash: h})
		prev = h
	}
	if err := insert(ctx, client, d, rows); err != nil {
		return head{}, fmt.Errorf("audit: appending: %w", err)
	}
	return head{seq: seq, hash: prev}, nil
}

// row is an entry chained at seq.
type row struct {
	Entry
	seq        int64
	prev, hash string
}

// insert writes rows in as few statements as the database allows: on
// PostgreSQL one INSERT from a JSON array of the rows, on SQLite multi-row
// INSERTs of at most 500 rows. The log is written on every audited read,
// so this is the hub's hottest write; ent's bulk create would validate and
// return every row and bind a parameter for each value, two to three times
// the cost. Empty optional values are stored as NULL, as ent stores them.
func insert(ctx context.Context, client *ent.Client, d string, rows []row) error {
	// A bulk write's entries go as a multi-row INSERT, which its
	// transaction sends as COPY on PostgreSQL.
	if d == dialect.Postgres && !bulk.On(ctx) {
		type record struct {
			Seq          int64     `json:"seq"`
			At           time.Time `json:"at"`
			Subject      string    `json:"subject,omitempty"`
			Agency       string    `json:"agency,omitempty"`
			Role         string    `json:"role"`
			Purpose      string    `json:"purpose,omitempty"`
			Operation    string    `json:"operation,omitempty"`
			DocumentHash string    `json:"document_hash,omitempty"`
			Action       string    `json:"action"`
			Entity       string    `json:"entity"`
			EntityID     int       `json:"entity_id,omitempty"`
			Fields       []string  `json:"fields,omitempty"`
			PrevHash     string    `json:"prev_hash"`
			Hash         string    `json:"hash"`
		}
		records := make([]record, len(rows))
		for i, r := range rows {
			records[i] = record{Seq: r.seq, At: r.At, Subject: r.Subject, Agency: r.Agency, Role: r.Role, Purpose: r.Purpose,
				Operation: r.Operation, DocumentHash: r.DocumentHash, Action: string(r.Action), Entity: r.Entity,
				EntityID: r.EntityID, Fields: r.Fields, PrevHash: r.prev, Hash: r.hash}
		}
		doc, err := json.Marshal(records)
		if err != nil {
			return err
		}
		_, err = client.ExecContext(ctx, `INSERT INTO audit_entries (`+columns+`) SELECT `+columns+` FROM jsonb_to_recordset($1::jsonb)
			AS r(seq bigint, at timestamptz, subject text, agency text, role text, purpose text, operation text, document_hash text,
				action text, entity text, entity_id bigint, fields jsonb, prev_hash text, hash text)`, string(doc))
		return err
	}
	null := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	// A bulk write's entries are stored while it goes on to its next rows:
	// their failure fails the transaction, never a row.
	wctx := ctx
	if bulk.On(ctx) {
		wctx = bulk.Detach(ctx)
	}
	// The entries of a bulk write mostly list the same fields: each list
	// is encoded once for the entries that follow with the same list.
	var lastFields []string
	var lastJSON any
	for i := 0; i < len(rows); i += 500 {
		ins := entsql.Dialect(d).Insert(auditentry.Table).Columns(strings.Split(columns, ", ")...)
		for _, r := range rows[i:min(i+500, len(rows))] {
			var entityID, fields any
			if r.EntityID != 0 {
				entityID = r.EntityID
			}
			if len(r.Fields) > 0 {
				if lastJSON == nil || !slices.Equal(r.Fields, lastFields) {
					b, err := json.Marshal(r.Fields)
					if err != nil {
						return err
					}
					lastFields, lastJSON = r.Fields, string(b)
				}
				fields = lastJSON
			}
			ins.Values(r.seq, r.At, null(r.Subject), null(r.Agency), r.Role, null(r.Purpose), null(r.Operation), null(r.DocumentHash),
				string(r.Action), r.Entity, entityID, fields, r.prev, r.hash)
		}
		q, args := ins.Query()
		if _, err := client.ExecContext(wctx, q, args...); err != nil {
			return err
		}
	}
	return nil
}

// columns are those insert writes, in its order.
const columns = "seq, at, subject, agency, role, purpose, operation, document_hash, action, entity, entity_id, fields, prev_hash, hash"

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
