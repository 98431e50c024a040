package graph_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/wushehub/wushe/graph"
)

// TestSchemaFilesMatchExecutor: the SDL the executor was generated from is
// the SDL in schema/. Editing a schema file without `go generate ./...`
// fails here.
func TestSchemaFilesMatchExecutor(t *testing.T) {
	s := graph.NewExecutableSchema(graph.Config{}).Schema()
	seen := map[string]bool{}
	var sources []*ast.Source
	for _, def := range s.Types {
		if def.Position != nil {
			sources = append(sources, def.Position.Src)
		}
		for _, f := range def.Fields {
			if f.Position != nil {
				sources = append(sources, f.Position.Src)
			}
		}
	}
	for _, d := range s.Directives {
		if d.Position != nil {
			sources = append(sources, d.Position.Src)
		}
	}
	for _, src := range sources {
		if src == nil || src.BuiltIn || seen[src.Name] {
			continue
		}
		seen[src.Name] = true
		onDisk, err := os.ReadFile(src.Name) // relative to graph/, like the test
		if err != nil {
			t.Errorf("executor was generated from %s, which is gone: %v", src.Name, err)
			continue
		}
		if string(onDisk) != src.Input {
			t.Errorf("%s differs from the SDL the executor was generated from: run go generate ./...", src.Name)
		}
	}
	files, err := filepath.Glob(filepath.Join("..", "schema", "*.graphql"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := filepath.ToSlash(f)
		if !seen[name] {
			t.Errorf("%s is not part of the generated executor: run go generate ./...", name)
		}
	}
}

// TestSchemaDescribed: every type, field and argument a client sees has a
// description — hand-written SDL entirely, and every field of the entity
// types generated from ent.
func TestSchemaDescribed(t *testing.T) {
	s := graph.NewExecutableSchema(graph.Config{}).Schema()
	for name, def := range s.Types {
		if def.BuiltIn || strings.HasPrefix(name, "__") {
			continue
		}
		generated := def.Position != nil && strings.HasSuffix(def.Position.Src.Name, "ent.graphql")
		entity := generated && def.Kind == ast.Object && implementsNode(def)
		if !generated && def.Description == "" && name != "Query" && name != "Mutation" {
			t.Errorf("type %s has no description", name)
		}
		if generated && !entity && name != "Query" {
			continue
		}
		for _, f := range def.Fields {
			if strings.HasPrefix(f.Name, "__") || (entity && f.Name == "id") {
				continue
			}
			if generated && name == "Query" && f.Position.Src.Name != def.Position.Src.Name {
				// Root fields from hand-written files are checked below.
			}
			if f.Description == "" && (entity || f.Position == nil || !strings.HasSuffix(f.Position.Src.Name, "ent.graphql")) {
				t.Errorf("field %s.%s has no description", name, f.Name)
			}
			if entity || (f.Position != nil && strings.HasSuffix(f.Position.Src.Name, "ent.graphql")) {
				continue
			}
			for _, a := range f.Arguments {
				if a.Description == "" {
					t.Errorf("argument %s.%s(%s) has no description", name, f.Name, a.Name)
				}
			}
		}
	}
}

func implementsNode(def *ast.Definition) bool {
	for _, i := range def.Interfaces {
		if i == "Node" {
			return true
		}
	}
	return false
}
