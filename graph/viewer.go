package graph

// nonEmpty is s, or nil for "": a viewer without an agency or subject
// answers null, as the schema says.
func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
