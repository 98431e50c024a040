// Command serialize is the last step of the executor's generation: it
// rewrites gqlgen's graph/generated.go so that the elements of a list are
// marshalled one after the other (graph.marshalList) instead of each in a
// goroutine of its own (graphql.MarshalSliceConcurrently). The hub loads a
// page's edges before the answer is built (eager loading, no data
// loaders), so the goroutines bought no parallel I/O, only their cost:
// measured with BenchmarkShapes (platform CPU per request, SQLite, three
// alternating rounds), the nested page 2.8–3.4 ms → 2.1 ms and the groups
// page 0.64–0.83 → 0.51–0.62 ms. Fields of an object that resolve
// concurrently still do. gqlgen has no setting for it: its worker_limit
// only bounds the goroutines. It also has each object build its deferred
// group (its path, a field set and a map) only when the operation may
// defer fields (graph.newDeferredGroup).
//
// Run by go generate (generate.go) after gqlgen; the result is committed
// with the rest of the generated code.
package main

import (
	"bytes"
	"fmt"
	"os"
)

func main() {
	const path = "graph/generated.go"
	src, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "serialize:", err)
		os.Exit(1)
	}
	from, to := []byte("graphql.MarshalSliceConcurrently("), []byte("marshalList(")
	if !bytes.Contains(src, from) && !bytes.Contains(src, to) {
		fmt.Fprintln(os.Stderr, "serialize: graph/generated.go marshals no lists: has gqlgen changed?")
		os.Exit(1)
	}
	out := bytes.ReplaceAll(src, from, to)
	// An object's deferred group, built in full only for an operation that
	// may defer fields (graph.newDeferredGroup).
	out = bytes.ReplaceAll(out, []byte("graphql.NewDeferredGroup(ctx)"), []byte("newDeferredGroup(ec.OperationContext, ctx)"))
	if bytes.Equal(out, src) {
		return
	}
	if err := os.WriteFile(path, out, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "serialize:", err)
		os.Exit(1)
	}
}
