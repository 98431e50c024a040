// Package wushe is Wushe Hub (五社联动数据枢纽), a GraphQL data hub through
// which a district's agencies share one view of their communities and
// partners. The code lives in cmd/server, internal/, graph/ and ent/; this
// file only holds the code generation entry point.
package wushe

// Generate the ent code and schema/ent.graphql, then the gqlgen executor,
// whose lists graph/serialize then has marshalled in order (see there).
//go:generate go run -mod=mod ./ent/entc.go
//go:generate go tool gqlgen generate --config gqlgen.yml
//go:generate go run ./graph/serialize
