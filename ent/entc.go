//go:build ignore

// Command entc generates the ent code and the GraphQL schema ent.graphql from
// the schemas in ./ent/schema. Run it through `go generate ./...` from the
// repository root, which then runs gqlgen.
package main

import (
	"fmt"
	"log"
	"strings"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
	"github.com/vektah/gqlparser/v2/ast"
)

func main() {
	// The schema hooks and privacy rules use the generated packages. When
	// those are missing or stale (a clean tree, a new entity), loading the
	// schemas fails: generate once without them (build tag entbootstrap),
	// then again with them.
	if err := generate(); err != nil {
		log.Printf("entc: %v; generating without hooks and rules first", err)
		if err := generate(entc.BuildTags("entbootstrap")); err != nil {
			log.Fatalf("entc bootstrap: %v", err)
		}
		if err := generate(); err != nil {
			log.Fatalf("entc: %v", err)
		}
	}
}

func generate(opts ...entc.Option) error {
	ex, err := entgql.NewExtension(
		entgql.WithConfigPath("gqlgen.yml"),
		// Ours after entgql's, so that their definitions win.
		entgql.WithTemplates(append(append([]*gen.Template{}, entgql.AllTemplates...), gqlTemplates()...)...),
		entgql.WithSchemaGenerator(),
		entgql.WithSchemaPath("schema/ent.graphql"),
		entgql.WithWhereInputs(true),
		entgql.WithNodeDescriptor(true),
		entgql.WithSchemaHook(describeEnums, describeEdges, shareFields),
	)
	if err != nil {
		return fmt.Errorf("creating entgql extension: %w", err)
	}
	cfg := &gen.Config{
		Hooks: []gen.Hook{requireSharing},
		Features: []gen.Feature{
			gen.FeaturePrivacy,
			gen.FeatureEntQL,
			gen.FeatureIntercept,
			gen.FeatureVersionedMigration,
			gen.FeatureGlobalID,
			gen.FeatureLock,
			gen.FeatureModifier,
			gen.FeatureExecQuery,
		},
	}
	opts = append(opts, entc.Extensions(ex), entc.TemplateFiles("ent/template/gid.tmpl", "ent/template/sharing.tmpl", "ent/template/tabular.tmpl"))
	return entc.Generate("./ent/schema", cfg, opts...)
}

// gqlTemplates are the templates that change entgql's: parsed with its
// template functions, which entc.TemplateFiles does not know.
func gqlTemplates() []*gen.Template {
	return []*gen.Template{
		gen.MustParse(gen.NewTemplate("gql_collection").Funcs(entgql.TemplateFuncs).ParseFiles("ent/template/collection.tmpl")),
		gen.MustParse(gen.NewTemplate("gql_paginate").Funcs(entgql.TemplateFuncs).ParseFiles("ent/template/paginate.tmpl")),
	}
}

// describeEnums gives every generated enum value the Chinese name its schema
// field carries in an enum.Labels annotation, and a readable description.
func describeEnums(g *gen.Graph, s *ast.Schema) error {
	for _, n := range g.Nodes {
		for _, f := range n.Fields {
			if !f.IsEnum() {
				continue
			}
			raw, ok := f.Annotations["EnumLabels"].(map[string]any)
			if !ok {
				return fmt.Errorf("%s.%s: enum without enum.Labels annotation", n.Name, f.Name)
			}
			def := s.Types[enumName(n, f)]
			if def == nil {
				continue // shared enum already described, or skipped
			}
			def.Description = enumDescription(n, f)
			for _, v := range def.EnumValues {
				label, ok := raw[v.Name].(string)
				if !ok {
					return fmt.Errorf("%s.%s: value %s has no Chinese name", n.Name, f.Name, v.Name)
				}
				v.Description = label
			}
		}
	}
	return nil
}

// describeEdges gives connection fields (which entgql leaves bare) the
// comment of their edge, and each root connection field its type's comment.
func describeEdges(g *gen.Graph, s *ast.Schema) error {
	for _, n := range g.Nodes {
		def := s.Types[n.Name]
		if def == nil {
			continue
		}
		for _, e := range n.Edges {
			if f := def.Fields.ForName(camel(e.Name)); f != nil && f.Description == "" {
				f.Description = e.Comment()
			}
		}
		if s.Query == nil {
			continue
		}
		for _, f := range s.Query.Fields {
			if f.Type.Name() == n.Name+"Connection" && f.Description == "" {
				f.Description = typeComment(n) + ": a connection with totalCount, where filters and orderBy"
			}
		}
	}
	return nil
}

func typeComment(n *gen.Type) string {
	if c, ok := n.Annotations["Comment"].(map[string]any); ok {
		if text, ok := c["Text"].(string); ok && text != "" {
			return text
		}
	}
	return n.Name
}

func camel(s string) string {
	p := pascal(s)
	return strings.ToLower(p[:1]) + p[1:]
}

func enumName(n *gen.Type, f *gen.Field) string {
	if ant, ok := f.Annotations[entgql.Annotation{}.Name()].(map[string]any); ok {
		if t, ok := ant["Type"].(string); ok && t != "" {
			return t
		}
	}
	return n.Name + pascal(f.Name)
}

func enumDescription(n *gen.Type, f *gen.Field) string {
	if f.Comment() != "" {
		return f.Comment()
	}
	return fmt.Sprintf("Values of %s.%s", n.Name, f.Name)
}

func pascal(s string) string {
	parts := strings.Split(s, "_")
	for i, p := range parts {
		if p != "" {
			parts[i] = strings.ToUpper(p[:1]) + p[1:]
		}
	}
	return strings.Join(parts, "")
}

// requireSharing fails generation when a field has no sharing class.
func requireSharing(next gen.Generator) gen.Generator {
	return gen.GenerateFunc(func(g *gen.Graph) error {
		for _, n := range g.Nodes {
			for _, f := range n.Fields {
				if classOf(f) == "" {
					return fmt.Errorf("%s.%s has no sharing class: annotate it with sharing.U, sharing.C or sharing.N", n.Name, f.Name)
				}
			}
		}
		return next.Generate(g)
	})
}

func classOf(f *gen.Field) string {
	if a, ok := f.Annotations["Sharing"].(map[string]any); ok {
		if c, ok := a["Class"].(string); ok {
			return c
		}
	}
	return ""
}

func restricted(n *gen.Type) bool {
	a, ok := n.Annotations["SharingRows"].(map[string]any)
	return ok && a["Restricted"] == true
}

// shareFields shapes the GraphQL schema after the sharing classes: a field
// a viewer may be refused is nullable (it comes back null with a FORBIDDEN
// error); CONDITIONAL and NONE fields offer no filters, so that filters
// cannot be used to guess them; filters across an edge to an entity with
// restricted rows are scoped to the rows the viewer sees (@scoped), and the
// bare hasX predicate, which would count hidden rows, is not offered.
func shareFields(g *gen.Graph, s *ast.Schema) error {
	byName := map[string]*gen.Type{}
	for _, n := range g.Nodes {
		byName[n.Name] = n
	}
	for _, n := range g.Nodes {
		obj := s.Types[n.Name]
		where := s.Types[n.Name+"WhereInput"]
		for _, f := range n.Fields {
			if classOf(f) == "UNCONDITIONAL" {
				continue
			}
			name := camel(f.Name)
			if obj != nil {
				if fd := obj.Fields.ForName(name); fd != nil {
					fd.Type.NonNull = false
				}
			}
			if where != nil {
				kept := where.Fields[:0]
				for _, wf := range where.Fields {
					if wf.Name == name || (strings.HasPrefix(wf.Name, name) && isPredicateSuffix(wf.Name[len(name):])) {
						continue
					}
					kept = append(kept, wf)
				}
				where.Fields = kept
			}
		}
		if where == nil {
			continue
		}
		// The edge filters are found by their input types, not by names
		// built from the edge names (entgql spells api_keys as APIKeys):
		// every has…With field whose type is the where input of an entity
		// with restricted rows is scoped, and its bare has… is dropped.
		drop := map[string]bool{}
		for _, wf := range where.Fields {
			target := byName[strings.TrimSuffix(wf.Type.Name(), "WhereInput")]
			if wf.Type.Elem == nil || target == nil || !strings.HasPrefix(wf.Name, "has") || !strings.HasSuffix(wf.Name, "With") {
				continue
			}
			if restricted(target) {
				wf.Directives = append(wf.Directives, &ast.Directive{Name: "scoped", Location: ast.LocationInputFieldDefinition})
				drop[strings.TrimSuffix(wf.Name, "With")] = true
			}
		}
		kept := where.Fields[:0]
		for _, wf := range where.Fields {
			if !drop[wf.Name] {
				kept = append(kept, wf)
			}
		}
		where.Fields = kept
	}
	return nil
}

var predicateSuffixes = []string{"NEQ", "In", "NotIn", "GT", "GTE", "LT", "LTE", "Contains", "HasPrefix", "HasSuffix", "IsNil", "NotNil", "EqualFold", "ContainsFold"}

func isPredicateSuffix(s string) bool {
	for _, p := range predicateSuffixes {
		if s == p {
			return true
		}
	}
	return false
}
