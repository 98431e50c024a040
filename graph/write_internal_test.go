package graph

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"testing"

	"github.com/99designs/gqlgen/graphql"
)

// TestWriteDataOnly: a response of data only is written as the bytes
// encoding/json writes for it (compact, HTML characters and U+2028 as
// they are), and one with anything else still goes through encoding/json.
func TestWriteDataOnly(t *testing.T) {
	hasNext := false
	for _, r := range []*graphql.Response{
		{Data: json.RawMessage(`{"communities":{"totalCount":75,"edges":[{"node":{"id":"Q29t","name":"康庄社区 <b>&amp;</b> \u2028","areaKm2":1.5,"x":null,"ok":true}}]}}`)},
		{Data: json.RawMessage(`null`)},
		{Data: json.RawMessage(`{"a":"\"quoted\" \\ back"}`), Extensions: map[string]any{"cost": 3}},
		{Data: json.RawMessage(`{"a":1}`), HasNext: &hasNext},
	} {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
		rec := httptest.NewRecorder()
		write(rec, mediaJSON, 200, r)
		if got := rec.Body.String(); got != string(bytes.TrimSuffix(want.Bytes(), []byte("\n"))) {
			t.Errorf("write(%s):\n got %s\nwant %s", r.Data, got, want.String())
		}
		if ct := rec.Header().Get("Content-Type"); ct != mediaJSON+"; charset=utf-8" {
			t.Errorf("Content-Type %q", ct)
		}
	}
}
