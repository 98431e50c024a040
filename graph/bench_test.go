package graph_test

import (
	"testing"
	"time"

	"github.com/99designs/gqlgen/client"

	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// BenchmarkNestedQueryByViewer runs the foundation's nested query (100
// communities → pairings → group → university) as the platform and as a
// community committee, alternating, and reports each one's time and the
// ratio community/platform: what the privacy rules cost.
//
//	go test -run xxx -bench NestedQueryByViewer ./graph/
func BenchmarkNestedQueryByViewer(b *testing.B) {
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			if kind == "postgres" && storetestPostgresUnset() {
				b.Skip("WUSHE_TEST_POSTGRES unset")
			}
			db := storetest.Open(b, kind)
			f := newFixture(b, db.Client)
			manyCommunities(b, db.Client, f, 120)
			viewers := []authz.Viewer{admin, {Subject: "c", Agency: "640105001200", Role: authz.CommunityOfficer}}
			clients := make([]*api, len(viewers))
			for i, v := range viewers {
				clients[i] = newAPI(b, db, v, fault.English)
			}
			var spent [2]time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				for j, c := range clients {
					start := time.Now()
					if _, err := c.c.RawPost(NestedQuery, client.Var("n", 100)); err != nil {
						b.Fatal(err)
					}
					spent[j] += time.Since(start)
				}
			}
			b.ReportMetric(float64(spent[0].Nanoseconds())/float64(b.N), "platform-ns/op")
			b.ReportMetric(float64(spent[1].Nanoseconds())/float64(b.N), "community-ns/op")
			b.ReportMetric(float64(spent[1])/float64(spent[0]), "community/platform")
		})
	}
}
