package graph

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/wushehub/wushe/internal/fault"
)

// TestCancelledRequestsAreNotErrors: a statement cancelled because the
// client went away is logged at debug level, not as an internal error; the
// same error on a live request still is one.
func TestCancelledRequestsAreNotErrors(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo}))
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	err := fmt.Errorf("ent: querying communities: %w", context.Canceled)
	logFault(gone, log, &fault.Error{Code: fault.Internal, Err: err}, err, "communities")
	if strings.Contains(buf.String(), "level=ERROR") {
		t.Errorf("a cancelled request was logged as an error:\n%s", buf.String())
	}
	logFault(context.Background(), log, &fault.Error{Code: fault.Internal, Err: err}, err, "communities")
	other := errors.New("boom")
	logFault(context.Background(), log, &fault.Error{Code: fault.Internal, Err: other}, other, "communities")
	if n := strings.Count(buf.String(), "level=ERROR"); n != 2 {
		t.Errorf("%d internal errors logged for live requests, want 2:\n%s", n, buf.String())
	}
}
