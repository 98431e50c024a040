package server

import (
	"net/http"
	"strings"

	"github.com/wushehub/wushe/internal/store"
)

// ReadPrimaryHeader is the request header with which a client asks that
// its request read from the primary database, not a read replica — to
// read, right after a write of another request, what it wrote.
const ReadPrimaryHeader = "X-Read-Primary"

// readRoute lets each request's reads go to a read replica until it writes
// or asks for the primary with ReadPrimaryHeader.
func readRoute(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := store.WithRoute(r.Context())
		if v := strings.ToLower(strings.TrimSpace(r.Header.Get(ReadPrimaryHeader))); v != "" && v != "0" && v != "false" && v != "no" {
			store.ReadPrimary(ctx)
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
