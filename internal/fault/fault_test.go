package fault

import (
	"errors"
	"fmt"
	"testing"
)

// TestZeroValuesNeverPanic: building a message or a class from zero
// values, nil errors and nil causes never fails.
func TestZeroValuesNeverPanic(t *testing.T) {
	var nilErr *Error
	cases := []struct {
		name string
		got  string
		want string
	}{
		{"nil *Error, English", nilErr.Message(English), "internal error"},
		{"nil *Error, Chinese", nilErr.Message(Chinese), "内部错误"},
		{"nil *Error, Error()", nilErr.Error(), "internal error"},
		{"zero Error", (&Error{}).Message(English), "internal error"},
		{"zero Error with field", (&Error{Field: "name"}).Message(Chinese), "name：内部错误"},
		{"Chinese falls back to English", (&Error{Text: Text{En: "only english"}}).Message(Chinese), "only english"},
		{"no args keeps %", T("100% sure", "百分之百").En, "100% sure"},
		{"args", T("%d rows", "%d行", 3).Zh, "3行"},
		{"Down with nil cause", Down(Text{}, nil).Message(English), "internal error"},
		{"zero Text", Text{}.In(Chinese), ""},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: %q, want %q", c.name, c.got, c.want)
		}
	}
	if nilErr.Unwrap() != nil {
		t.Error("nil *Error unwraps to something")
	}
	if fe, ok := As(nil); ok || fe != nil {
		t.Errorf("As(nil) = %v, %v", fe, ok)
	}
	var typedNil error = nilErr
	if fe, ok := As(typedNil); ok || fe != nil {
		t.Errorf("As(typed nil) = %v, %v: callers would dereference nil", fe, ok)
	}
	if c := CodeOf(nil); c != Internal {
		t.Errorf("CodeOf(nil) = %s", c)
	}
	if c := CodeOf(fmt.Errorf("wrapped: %w", Down(Text{En: "x"}, errors.New("dial")))); c != Unavailable {
		t.Errorf("CodeOf(wrapped Down) = %s", c)
	}
	if got := (&Error{Code: BadUserInput, Field: "f", Text: T("bad", "坏")}).Message(Chinese); got != "f：坏" {
		t.Errorf("field prefix: %q", got)
	}
}

func TestAPIName(t *testing.T) {
	for in, want := range map[string]string{"community_id": "communityID", "area_km2": "areaKm2", "name": "name", "id_number": "idNumber", "a__b": "aB"} {
		if got := APIName(in); got != want {
			t.Errorf("APIName(%q) = %q, want %q", in, got, want)
		}
	}
}
