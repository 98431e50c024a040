package audit

import (
	"testing"
	"time"
)

// TestHashKnownAnswers: the chain's hash of an entry is fixed; entries
// written by earlier versions must verify (values computed by the first
// implementation, which wrote each part to the hash in turn).
func TestHashKnownAnswers(t *testing.T) {
	e := Entry{At: time.Date(2026, 5, 6, 7, 8, 9, 123456789, time.FixedZone("x", 8*3600)), Subject: "张三", Agency: "a",
		Role: "COMMUNITY_OFFICER", Purpose: "p", Operation: "import volunteer", DocumentHash: "abc", Action: "CREATE",
		Entity: "Volunteer", EntityID: 42, Fields: []string{"name", "phone"}}
	for _, c := range []struct {
		seq  int64
		e    Entry
		prev string
		want string
	}{
		{7, e, "prev", "66e1c508cc44738429301f7feb638e577fd0c718e830d6a5b7aefcbb83c11954"},
		{1, Entry{}, "", "6103597b5052e3e04bafb2fc03952aae7e11e333f116c1924a799e1b2cf8d659"},
	} {
		if got := Hash(c.seq, c.e, c.prev); got != c.want {
			t.Errorf("Hash(%d, …) = %s, want %s", c.seq, got, c.want)
		}
	}
}
