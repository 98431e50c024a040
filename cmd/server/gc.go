package main

import "runtime/debug"

// serveGCPercent is the garbage collector's target (GOGC) of `serve` when
// GOGC is not set. A GraphQL request allocates hundreds of kilobytes for a
// page of nested results and keeps almost none of them, so at Go's default
// of 100 the collector took about a quarter of the server's CPU: at 400 the
// nested page of 20 communities (scripts/bench) cost 2.0 ms of the
// server's CPU instead of 2.7 ms and was served 40% faster, for a peak RSS
// of 180 MB instead of 104 MB (PostGraphile's, on the same load: 390 MB).
// GOGC and GOMEMLIMIT, when set, are the runtime's as usual.
const serveGCPercent = 400

// setGC sets the collector's target of a serving process unless GOGC says
// otherwise.
func setGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
	}
}
