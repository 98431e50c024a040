package scale_test

import (
	"context"
	"testing"
	"time"

	_ "github.com/wushehub/wushe/ent/runtime"
	"github.com/wushehub/wushe/internal/scale"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

func TestLoadQuick(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, _ := scale.SizeNamed("district")
		start := time.Now()
		if err := scale.Load(ctx, db, s, nil); err != nil {
			t.Fatal(err)
		}
		t.Logf("loaded in %s", time.Since(start))
		c, err := scale.Counts(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		t.Log(c)
		sum, err := scale.Checksum(ctx, db)
		t.Log(sum, err)
	})
}
