package graph_test

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/wushehub/wushe/graph"
)

// TestSchemaCompatible: the schema served is compatible with the published
// one (schema/published/schema.graphql) — additions are free, and every
// breaking change is recorded in schema/published/breaking.txt.
func TestSchemaCompatible(t *testing.T) {
	published, err := os.ReadFile("../schema/published/schema.graphql")
	if err != nil {
		t.Fatal(err)
	}
	old, gerr := gqlparser.LoadSchema(&ast.Source{Name: "published.graphql", Input: string(published)})
	if gerr != nil {
		t.Fatalf("published schema does not load: %v", gerr)
	}
	recorded := map[string]bool{}
	f, err := os.Open("../schema/published/breaking.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if i := strings.Index(line, " # "); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		recorded[line] = true
	}
	current := graph.NewExecutableSchema(graph.Config{}).Schema()
	for _, c := range graph.BreakingChanges(old, current) {
		if !recorded[c.String()] {
			t.Errorf("breaking change not recorded in schema/published/breaking.txt: %s", c)
		}
	}
}

// TestBreakingChangesDetected: the check finds what it must.
func TestBreakingChangesDetected(t *testing.T) {
	load := func(sdl string) *ast.Schema {
		s, err := gqlparser.LoadSchema(&ast.Source{Input: sdl})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	old := load(`type Query { a(x: Int): String! b: Int c: [T] } type T { f: Int } enum E { X Y } input I { p: Int }`)
	new := load(`type Query { a(y: Int!): String b: String } enum E { X } input I { p: Int! q: Int! }`)
	got := map[string]bool{}
	for _, c := range graph.BreakingChanges(old, new) {
		got[c.String()] = true
	}
	for _, want := range []string{
		"Query.a: type changed from String! to String",
		"Query.a(x): argument removed",
		"Query.a(y): new required argument",
		"Query.b: type changed from Int to String",
		"Query.c: field removed",
		"T: type removed",
		"E.Y: enum value removed",
		"I.p: input field type changed from Int to Int!",
		"I.q: new required input field",
	} {
		if !got[want] {
			t.Errorf("missed %q (got %v)", want, got)
		}
	}
	if n := len(graph.BreakingChanges(old, old)); n != 0 {
		t.Errorf("a schema breaks itself %d times", n)
	}
}
