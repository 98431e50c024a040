package graph

import (
	"bytes"

	"github.com/vektah/gqlparser/v2/formatter"
)

// SDL returns the GraphQL schema the server executes, as SDL, with every
// description: what /schema.graphql serves and export-schema writes.
func SDL() string {
	var buf bytes.Buffer
	formatter.NewFormatter(&buf, formatter.WithIndent("  ")).FormatSchema(NewExecutableSchema(Config{}).Schema())
	return buf.String()
}
