package fault

import "strings"

// APIName is the name the API gives a schema name, as errors name fields:
// ent's snake_case in lowerCamelCase, with ID in capitals as entgql writes
// it (community_id → communityID).
func APIName(s string) string {
	parts := strings.Split(s, "_")
	for i := 1; i < len(parts); i++ {
		switch p := parts[i]; p {
		case "":
		case "id":
			parts[i] = "ID"
		default:
			parts[i] = strings.ToUpper(p[:1]) + p[1:]
		}
	}
	return strings.Join(parts, "")
}
