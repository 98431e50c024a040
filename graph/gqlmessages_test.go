package graph_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// TestDocumentErrorsInChinese: parse and validation errors are in Chinese
// when the request asks for it, keeping their codes; none falls back to
// the English text for the mistakes people make.
func TestDocumentErrorsInChinese(t *testing.T) {
	han := regexp.MustCompile(`\p{Han}`)
	english := regexp.MustCompile(`\b(Cannot|Expected|Unknown|Field|Variable|must|found|argument)\b`)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newAPI(t, db, public, fault.Chinese)
		for _, c := range []struct {
			doc  string
			vars map[string]any
			code string
		}{
			{`{ nodee }`, nil, "GRAPHQL_VALIDATION_FAILED"},
			{`{ `, nil, "GRAPHQL_PARSE_FAILED"},
			{`{ communities(frist: 1) { totalCount } }`, nil, "GRAPHQL_VALIDATION_FAILED"},
			{`{ communities { edges } }`, nil, "GRAPHQL_VALIDATION_FAILED"},
			{`{ communities { totalCount { x } } }`, nil, "GRAPHQL_VALIDATION_FAILED"},
			{`{ communities(orderBy: [{field: NAMEE}]) { totalCount } }`, nil, "GRAPHQL_VALIDATION_FAILED"},
			{`{ communities(first: "ten") { totalCount } }`, nil, "GRAPHQL_VALIDATION_FAILED"},
			{`query($x: Int!) { communities(first: $x) { totalCount } }`, nil, "GRAPHQL_VALIDATION_FAILED"},
			{`query($x: Int!) { communities { totalCount } }`, map[string]any{"x": 1}, "GRAPHQL_VALIDATION_FAILED"},
			{`{ ...F }`, nil, "GRAPHQL_VALIDATION_FAILED"},
			{`{ viewer { role @skip } }`, nil, "GRAPHQL_VALIDATION_FAILED"},
			{`{ "a" }`, nil, "GRAPHQL_PARSE_FAILED"},
		} {
			errs := a.do(c.doc, c.vars, nil)
			if len(errs) == 0 {
				t.Errorf("%s: no error", c.doc)
				continue
			}
			e := errs[0]
			if e.code() != c.code {
				t.Errorf("%s: code %s, want %s", c.doc, e.code(), c.code)
			}
			if !han.MatchString(e.Message) || strings.HasPrefix(e.Message, "查询文档有误") || english.MatchString(e.Message) {
				t.Errorf("%s: %q is not in Chinese", c.doc, e.Message)
			}
		}
		// In English they stay as written.
		errs := newAPI(t, db, public, fault.English).do(`{ nodee }`, nil, nil)
		if len(errs) != 1 || !strings.HasPrefix(errs[0].Message, `Cannot query field "nodee"`) {
			t.Errorf("in English: %+v", errs)
		}
	})
}
