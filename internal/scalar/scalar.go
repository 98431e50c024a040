// Package scalar implements the custom GraphQL scalars of the hub: opaque
// global IDs, calendar dates and amounts of money in fen.
package scalar

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/internal/fault"
)

// ImportJobIDs is the first id of the range of import jobs, which the hub
// keeps in memory, not in the database: far above the ranges of ent's
// types (each 1<<32 ids, one after another), so that a job's ID takes the
// same opaque form as a record's and is told apart by its range.
const ImportJobIDs = 1 << 52

// typeOf returns the name of the type whose range holds id.
func typeOf(id int) (string, bool) {
	if id>>32<<32 == ImportJobIDs {
		return "ImportJob", true
	}
	return ent.TypeOfID(id)
}

// IsImportJob reports whether id is in the range of import jobs.
func IsImportJob(id int) bool { return id>>32<<32 == ImportJobIDs }

// EncodeID returns the opaque global ID of the entity with database id: the
// base64url form of "Type:id".
func EncodeID(id int) string {
	name, ok := typeOf(id)
	if !ok {
		name = "Unknown"
	}
	return base64.RawURLEncoding.EncodeToString([]byte(name + ":" + strconv.Itoa(id)))
}

// DecodeID returns the database id of an opaque global ID. The type named in
// the ID must own the id's range.
func DecodeID(s string) (int, error) {
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
	if err != nil {
		return 0, badID(s)
	}
	name, num, ok := strings.Cut(string(raw), ":")
	if !ok {
		return 0, badID(s)
	}
	id, err := strconv.Atoi(num)
	if err != nil || id <= 0 {
		return 0, badID(s)
	}
	if owner, ok := typeOf(id); !ok || owner != name {
		return 0, badID(s)
	}
	return id, nil
}

func badID(s string) error {
	if len(s) > 64 {
		s = s[:64] + "…"
	}
	return fault.BadInput("id", fault.T("%q is not an ID issued by this hub", "“%s”不是本平台签发的ID", s))
}

// MarshalID writes id as an opaque global ID.
func MarshalID(id int) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(EncodeID(id)))
	})
}

// UnmarshalID reads an opaque global ID.
func UnmarshalID(v any) (int, error) {
	switch v := v.(type) {
	case string:
		return DecodeID(v)
	case json.Number:
		return DecodeID(v.String())
	default:
		return 0, fault.BadInput("id", fault.T("an ID must be a string, got %T", "ID应为字符串，实际为%T", v))
	}
}

// DateLayout is the wire form of a Date: ISO 8601 calendar date.
const DateLayout = "2006-01-02"

// MarshalDate writes t as a calendar date (YYYY-MM-DD).
func MarshalDate(t time.Time) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(t.Format(DateLayout)))
	})
}

// UnmarshalDate reads a calendar date (YYYY-MM-DD) as midnight UTC.
func UnmarshalDate(v any) (time.Time, error) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, fault.BadInput("", fault.T("a Date is a string like 2024-05-01, got %T", "日期应为形如2024-05-01的字符串，实际为%T", v))
	}
	t, err := time.ParseInLocation(DateLayout, s, time.UTC)
	if err != nil {
		return time.Time{}, fault.BadInput("", fault.T("%q is not a date like 2024-05-01", "“%s”不是形如2024-05-01的日期", s))
	}
	return t, nil
}

// Date returns the calendar date of t (in its location) as midnight UTC, the
// form dates are stored in.
func Date(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// MarshalFen writes an amount of money in fen (1/100 yuan) as an integer.
func MarshalFen(v int64) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.FormatInt(v, 10))
	})
}

// UnmarshalFen reads an amount in fen; fractions are refused, not rounded.
func UnmarshalFen(v any) (int64, error) {
	switch v := v.(type) {
	case int64:
		return v, nil
	case int:
		return int64(v), nil
	case json.Number:
		n, err := strconv.ParseInt(string(v), 10, 64)
		if err != nil {
			return 0, fenError(v.String())
		}
		return n, nil
	case string:
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, fenError(v)
		}
		return n, nil
	case float64:
		return 0, fenError(strconv.FormatFloat(v, 'f', -1, 64))
	default:
		return 0, fenError(fmt.Sprint(v))
	}
}

func fenError(s string) error {
	return fault.BadInput("", fault.T("money is an integer number of fen (1/100 yuan), got %s", "金额应为以分为单位的整数，实际为%s", s))
}
