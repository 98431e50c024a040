package importer_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/demo"
	"github.com/wushehub/wushe/internal/importer"
	"github.com/wushehub/wushe/internal/store/storetest"
)

func TestSmoke(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, db.Client); err != nil {
		t.Fatal(err)
	}
	im := &importer.Importer{Client: db.Client, Dialect: db.Dialect}
	v := authz.NewContext(ctx, demo.Viewers()[4].Viewer)
	for _, s := range importer.Specs() {
		var buf bytes.Buffer
		if err := importer.Template(&buf, s); err != nil {
			t.Fatal(s.Slug, err)
		}
		rep, err := im.Import(v, s, bytes.NewReader(buf.Bytes()), importer.XLSX, importer.Options{DryRun: true}, nil)
		if err != nil {
			t.Fatal(s.Slug, err)
		}
		t.Logf("%s: %+v", s.Slug, rep)
	}
	csv := "社区代码,姓名,公民身份号码,志愿者类别,服务时长(小时),注册日期\n520204002012,张三,,居民志愿者,3,2024/5/6\n520204002012,李四,,党员,x,2024年5月6日\n520100000000,王五,,居民志愿者,1,45418\n"
	rep, err := im.Import(v, mustSpec(t, "volunteer"), strings.NewReader(csv), importer.CSV, importer.Options{Partial: true, Lang: 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rep.Results {
		t.Logf("%+v", r)
	}
	t.Logf("%+v", rep)
}

func mustSpec(t *testing.T, name string) *importer.Spec {
	s, err := importer.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
