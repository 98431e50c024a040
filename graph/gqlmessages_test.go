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

// TestNodeNotFoundSaysNoID: node(id:) of a record that does not exist, or
// that the viewer may not see, is NOT_FOUND in the viewer's language and
// shows no internal id.
func TestNodeNotFoundSaysNoID(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db.Client)
		hidden := gid(f.volunteers[0].ID) // persons are not public
		for _, lang := range []fault.Lang{fault.Chinese, fault.English} {
			for _, doc := range []string{`query($id: ID!) { node(id: $id) { id } }`, `query($id: ID!) { nodes(ids: [$id]) { id } }`} {
				errs := newAPI(t, db, public, lang).do(doc, map[string]any{"id": hidden}, nil)
				if len(errs) != 1 || errs[0].code() != string(fault.NotFound) {
					t.Fatalf("%s: %+v, want NOT_FOUND", doc, errs)
				}
				msg := errs[0].Message
				if strings.Contains(msg, itoa(f.volunteers[0].ID)) || strings.Contains(msg, "Could not resolve") {
					t.Errorf("%s: %q shows the internal id", doc, msg)
				}
				if lang == fault.Chinese && !strings.Contains(msg, "没有该ID的记录") {
					t.Errorf("%s in Chinese: %q", doc, msg)
				}
			}
		}
	})
}
