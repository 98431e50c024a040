package authz

import (
	"os"
	"regexp"
	"testing"

	"github.com/wushehub/wushe/internal/fault"
)

// TestEntityNamesAndAnchorInputs: every entity with rules has a Chinese
// name for messages, and every anchor's column names a real field of the
// entity's create input, so that a refusal points at the field to fix.
func TestEntityNamesAndAnchorInputs(t *testing.T) {
	sdl, err := os.ReadFile("../../schema/ent.graphql")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for entity, rules := range rulesByEntity {
		if ZhName(entity) == entity {
			t.Errorf("%s has no Chinese name", entity)
		}
		if len(rules.anchors) == 0 {
			continue
		}
		block := regexp.MustCompile(`(?s)input Create` + entity + `Input \{(.*?)\n\}`).FindSubmatch(sdl)
		if block == nil {
			continue // created by the platform or through another mutation
		}
		for _, an := range rules.anchors {
			checked++
			name := fault.APIName(an.field)
			if !regexp.MustCompile(`\n\s+` + name + `: ID`).Match(block[1]) {
				t.Errorf("%s: anchor %s → %q is not a field of Create%sInput", entity, an.field, name, entity)
			}
		}
	}
	if checked < 10 {
		t.Errorf("only %d anchors checked against the schema", checked)
	}
}
