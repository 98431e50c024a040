package importer

import (
	"context"
	"errors"

	classes "github.com/wushehub/wushe/internal/classify"
	"github.com/wushehub/wushe/internal/fault"
)

// classify returns the class of a row's write error as the GraphQL
// presenter gives it (internal/classify), with the ent field names kept as
// they are, for the columns. A cancelled import and a database that cannot
// serve are not the row's fault: they are INTERNAL here, which stops the
// import (the caller reports the error itself, presented as it is).
func classify(err error) *fault.Error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &fault.Error{Code: fault.Internal, Err: err}
	}
	fe := classes.Of(err, nil)
	if fe.Code == fault.Unavailable || fe.Code == fault.QueryTooComplex {
		return &fault.Error{Code: fault.Internal, Text: fe.Text, Err: err}
	}
	return fe
}

// isConstraint reports whether err is a database constraint violation.
func isConstraint(err error) bool { return classes.IsConstraint(err) }
