package importer_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/auditentry"
	"github.com/wushehub/wushe/ent/community"
	"github.com/wushehub/wushe/ent/pairing"
	"github.com/wushehub/wushe/ent/volunteer"
	"github.com/wushehub/wushe/internal/audit"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/demo"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/ident"
	"github.com/wushehub/wushe/internal/importer"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

func spec(t *testing.T, name string) *importer.Spec {
	t.Helper()
	s, err := importer.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// summary renders a report as lines: "row N OUTCOME" and, per problem,
// "row N LETTER HEADER CODE message".
func summary(rep *importer.Report) string {
	var b strings.Builder
	for _, r := range rep.All() {
		fmt.Fprintf(&b, "row %d %s\n", r.Row, r.Outcome)
		for _, p := range r.Problems {
			fmt.Fprintf(&b, "row %d %s %s %s %s\n", r.Row, p.Letter, p.Column, p.Code, p.Message)
		}
	}
	return b.String()
}

func sys() context.Context { return authz.SystemContext(context.Background()) }

// id returns a valid resident ID number born on a day of 1990 in Shuicheng.
func id(seq int) string {
	return ident.MakeResidentID("520221", time.Date(1990, 1, 1+seq, 0, 0, 0, 0, time.UTC), seq)
}

// messyWorkbook is a volunteer register as one arrives from the field: a
// hidden sheet before it, a title row, headers with spaces and full-width
// characters, a merged community column, dates as serial numbers and in
// three text forms, full-width digits, trailing spaces, an ID number stored
// as a number, an invalid value, and empty rows at the end.
func messyWorkbook(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "旧表"))
	must(f.SetCellStr("旧表", "A1", "作废的表"))
	idx, err := f.NewSheet("花名册")
	must(err)
	f.SetActiveSheet(idx)
	must(f.SetSheetVisible("旧表", false))
	sh := "花名册"
	must(f.SetCellStr(sh, "A1", "沙龙社区志愿者花名册（2024年）"))
	must(f.MergeCell(sh, "A1", "F1"))
	for i, h := range []string{" 社区 代码 ", "＊姓　名", "公民身份号码", "志愿者类别 ", "服务时长（小时）", "注册日期", "备用列"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 2)
		must(f.SetCellStr(sh, cell, h))
	}
	rows := [][]any{
		{"520204002012", "王一 ", id(1), "居民志愿者", "１２．５", 45418},
		{nil, "王二", id(2), "党员双报到志愿者", 3, "2024/5/6"},
		{nil, "　王三", id(3), "大学生志愿者", "0", "2024年5月6日"},
		{"520204002012", "王四", 5.20221199001041e17, "居民志愿者", 1, "2024.5.6"},
		{"520204002012", "王五", id(5), "居民", -1, "2024-05-06"},
		{"520204002012", "王六", "5.20221199001061E+17", "居民志愿者", 1, "2024-05-06"},
		{"", "", "", "", "", ""},
		{"", "", "", "", "", ""},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+3)
		must(f.SetSheetRow(sh, cell, &r))
	}
	must(f.MergeCell(sh, "A3", "A5"))
	var buf bytes.Buffer
	must(f.Write(&buf))
	return buf.Bytes()
}

// TestMessyWorkbook checks the exact report of a messy register and what
// the good rows wrote.
func TestMessyWorkbook(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		loadDemo(t, db)
		im := &importer.Importer{Client: db.Client, Dialect: db.Dialect}
		ctx := viewer(t, authz.CommunityOfficer)
		data := messyWorkbook(t)
		rep, err := im.Import(ctx, spec(t, "volunteer"), bytes.NewReader(data), importer.XLSX, importer.Options{Partial: true, Lang: fault.Chinese}, nil)
		if err != nil {
			t.Fatal(err)
		}
		// The hours column is read-only (derived from service records):
		// its cells, even a negative one, are never read.
		want := "row 3 CREATED\nrow 4 CREATED\nrow 5 CREATED\n" +
			"row 6 REFUSED\nrow 6 C 公民身份号码 BAD_USER_INPUT “520221199001041000”：该单元格以数字保存，只保留15位有效数字；请将该列设为文本格式后重新录入完整的18位号码\n" +
			"row 7 CREATED\n" +
			"row 8 REFUSED\nrow 8 C 公民身份号码 BAD_USER_INPUT “5.20221199001061E+17”：该单元格以数字保存，只保留15位有效数字；请将该列设为文本格式后重新录入完整的18位号码\n"
		if got := summary(rep); got != want {
			t.Errorf("report:\n%s\nwant:\n%s", got, want)
		}
		if rep.Sheet != "花名册" || rep.Created != 4 || rep.Refused != 2 || !rep.Committed {
			t.Errorf("sheet %q, %d created, %d refused, committed %v; want 花名册, 4, 2, true", rep.Sheet, rep.Created, rep.Refused, rep.Committed)
		}
		if len(rep.Ignored) != 1 || rep.Ignored[0] != "备用列" {
			t.Errorf("ignored columns %q, want [备用列]", rep.Ignored)
		}
		vs, err := db.Client.Volunteer.Query().Where(volunteer.NameIn("王一", "王二", "王三", "王四", "王五")).Order(ent.Asc(volunteer.FieldName)).WithCommunity().All(sys())
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, v := range vs {
			got = append(got, fmt.Sprintf("%s %s %s %g %s %s", v.Name, v.Edges.Community.Code, v.IDNumber, v.Hours, v.Kind, v.RegisteredOn.Format("2006-01-02")))
		}
		wantRows := []string{
			"王一 520204002012 " + id(1) + " 0 RESIDENT 2024-05-06",
			"王三 520204002012 " + id(3) + " 0 STUDENT 2024-05-06",
			"王二 520204002012 " + id(2) + " 0 PARTY_MEMBER 2024-05-06",
			"王五 520204002012 " + id(5) + " 0 RESIDENT 2024-05-06",
		}
		if strings.Join(got, "\n") != strings.Join(wantRows, "\n") {
			t.Errorf("volunteers written:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantRows, "\n"))
		}
		// The annotated copy marks the refused rows.
		var out bytes.Buffer
		if err := importer.WriteAnnotated(&out, bytes.NewReader(data), importer.XLSX, rep, fault.Chinese); err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenReader(&out)
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		note, _ := x.GetCellValue("花名册", "H6")
		if !strings.Contains(note, "C列（公民身份号码）") || !strings.Contains(note, "BAD_USER_INPUT") {
			t.Errorf("annotation of row 6 = %q, want the problem of column C", note)
		}
		ok, _ := x.GetCellValue("花名册", "H3")
		if ok != "新增" {
			t.Errorf("annotation of row 3 = %q, want 新增", ok)
		}
		style, _ := x.GetCellStyle("花名册", "C6")
		plain, _ := x.GetCellStyle("花名册", "B6")
		if style == plain {
			t.Errorf("bad cell C6 is not highlighted")
		}
	})
}

// TestCSVEncodings imports the same rows as UTF-8, UTF-8 with BOM and
// GB18030 (what Chinese Excel writes).
func TestCSVEncodings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		loadDemo(t, db)
		im := &importer.Importer{Client: db.Client, Dialect: db.Dialect}
		ctx := viewer(t, authz.CommunityOfficer)
		text := "社区代码,姓名,公民身份号码,志愿者类别\n520204002012,欧阳娜,%s,党员双报到志愿者\n"
		gb, err := simplifiedchinese.GB18030.NewEncoder().String(fmt.Sprintf(text, id(11)))
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range []struct{ name, data, id string }{
			{"utf8", fmt.Sprintf(text, id(12)), id(12)},
			{"bom", "\xef\xbb\xbf" + fmt.Sprintf(text, id(13)), id(13)},
			{"gb18030", gb, id(11)},
		} {
			rep, err := im.Import(ctx, spec(t, "volunteer"), strings.NewReader(c.data), importer.CSV, importer.Options{}, nil)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if got := summary(rep); got != "row 2 CREATED\n" {
				t.Errorf("%s: report %q, want row 2 CREATED", c.name, got)
			}
			v, err := db.Client.Volunteer.Query().Where(volunteer.IDNumber(c.id)).Only(sys())
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if v.Name != "欧阳娜" || v.Kind != volunteer.KindPARTY_MEMBER {
				t.Errorf("%s: wrote %q %s, want 欧阳娜 PARTY_MEMBER", c.name, v.Name, v.Kind)
			}
			_ = i
		}
	})
}

// TestCrossRowRules checks the rules that span rows: duplicate keys in the
// file, at most three ACTIVE pairings per community counting the file's
// rows, and the 1+2+N team composition.
func TestCrossRowRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		loadDemo(t, db)
		im := &importer.Importer{Client: db.Client, Dialect: db.Dialect}
		ctx := viewer(t, authz.CommunityOfficer)
		dup := "社区代码,姓名,公民身份号码,志愿者类别\n" +
			"520204002012,甲," + id(21) + ",居民志愿者\n" +
			"520204002012,乙," + id(22) + ",居民志愿者\n" +
			"520204002012,丙," + strings.ToLower(id(21)) + ",居民志愿者\n"
		rep, err := im.Import(ctx, spec(t, "volunteer"), strings.NewReader(dup), importer.CSV, importer.Options{Lang: fault.English}, nil)
		if err != nil {
			t.Fatal(err)
		}
		// The key is the community and the ID number: both cells are named.
		want := "row 2 CREATED\nrow 3 CREATED\nrow 4 REFUSED\nrow 4 A 社区代码 CONFLICT the same record as row 2 of this file\nrow 4 C 公民身份号码 CONFLICT the same record as row 2 of this file\n"
		if got := summary(rep); got != want {
			t.Errorf("duplicates: report\n%s\nwant\n%s", got, want)
		}
		if rep.Committed {
			t.Errorf("an atomic import with a refused row committed")
		}

		// A community with two ACTIVE pairings takes one more from the file,
		// not two.
		c, err := db.Client.Community.Query().Where(community.HasPairingsWith(pairing.StatusEQ(pairing.StatusACTIVE))).
			WithPairings(func(q *ent.PairingQuery) { q.Where(pairing.StatusEQ(pairing.StatusACTIVE)) }).All(sys())
		if err != nil {
			t.Fatal(err)
		}
		var target *ent.Community
		for _, x := range c {
			if len(x.Edges.Pairings) == 2 {
				target = x
				break
			}
		}
		if target == nil {
			t.Fatal("no demo community with two active pairings")
		}
		paired := map[int]bool{}
		all, err := db.Client.Pairing.Query().Where(pairing.CommunityID(target.ID)).All(sys())
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range all {
			paired[p.GroupID] = true
		}
		groups, err := db.Client.StudentGroup.Query().WithUniversity().All(sys())
		if err != nil {
			t.Fatal(err)
		}
		var rows []string
		for _, g := range groups {
			if !paired[g.ID] && len(rows) < 2 {
				rows = append(rows, fmt.Sprintf("%s,%s,%s,结对中,2026-09-01", target.Code, g.Edges.University.Code, g.Name))
			}
		}
		csv := "社区代码,高校代码,团支部或社团,状态,结对日期\n" + strings.Join(rows, "\n") + "\n"
		admin := viewer(t, authz.PlatformAdmin)
		rep, err = im.Import(admin, spec(t, "pairing"), strings.NewReader(csv), importer.CSV, importer.Options{Partial: true, Lang: fault.English}, nil)
		if err != nil {
			t.Fatal(err)
		}
		want = "row 2 CREATED\nrow 3 REFUSED\nrow 3 D 状态 CONFLICT the community already has 3 active pairings, the most allowed\n"
		if got := summary(rep); got != want {
			t.Errorf("pairings: report\n%s\nwant\n%s", got, want)
		}
		n, err := db.Client.Pairing.Query().Where(pairing.CommunityID(target.ID), pairing.StatusEQ(pairing.StatusACTIVE)).Count(sys())
		if err != nil || n != 3 {
			t.Errorf("active pairings after the import: %d (%v), want 3", n, err)
		}

		// 1+2+N: two stationed social workers, not one.
		workers, err := db.Client.SocialWorker.Query().Where().All(sys())
		if err != nil {
			t.Fatal(err)
		}
		shalong, err := db.Client.Community.Query().Where(community.Code(demo.ShalongCode)).Only(sys())
		if err != nil {
			t.Fatal(err)
		}
		var stationed []string
		for _, w := range workers {
			if w.CommunityID != nil && *w.CommunityID == shalong.ID {
				stationed = append(stationed, w.Name)
			}
		}
		if len(stationed) < 2 {
			t.Fatalf("Shalong has %d stationed workers, want 2 or more", len(stationed))
		}
		vol, err := db.Client.Volunteer.Query().Where(volunteer.CommunityID(shalong.ID)).First(sys())
		if err != nil {
			t.Fatal(err)
		}
		teams := "社区代码,服务队名称,类别,社区负责人,驻点社工,志愿者\n" +
			fmt.Sprintf("%s,新服务队一,志愿服务队,王芳,%s、%s,%s\n", demo.ShalongCode, stationed[0], stationed[1], vol.Name) +
			fmt.Sprintf("%s,新服务队二,志愿服务队,王芳,%s,%s\n", demo.ShalongCode, stationed[0], vol.Name)
		rep, err = im.Import(ctx, spec(t, "serviceteam"), strings.NewReader(teams), importer.CSV, importer.Options{DryRun: true, Lang: fault.English}, nil)
		if err != nil {
			t.Fatal(err)
		}
		want = "row 2 CREATED\nrow 3 REFUSED\nrow 3 E 驻点社工 BAD_USER_INPUT a 1+2+N team has exactly 2 stationed social workers, got 1\n"
		if got := summary(rep); got != want {
			t.Errorf("teams: report\n%s\nwant\n%s", got, want)
		}
	})
}

// TestAccessRowByRow: a street office importing into another street's
// community has those rows refused, the others written (partial), and an
// atomic import with such a row writes nothing, its report the same.
func TestAccessRowByRow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		loadDemo(t, db)
		im := &importer.Importer{Client: db.Client, Dialect: db.Dialect}
		street := viewer(t, authz.StreetOfficer) // Shuangshui, Shalong's street
		other, err := db.Client.Community.Query().Where(community.CodeHasPrefix("640105")).First(sys())
		if err != nil {
			t.Fatal(err)
		}
		csv := "社区代码,姓名,公民身份号码,志愿者类别\n" +
			demo.ShalongCode + ",甲," + id(31) + ",居民志愿者\n" +
			other.Code + ",乙," + id(32) + ",居民志愿者\n" +
			demo.ShalongCode + ",丙," + id(33) + ",居民志愿者\n" +
			other.Code + ",丁," + id(34) + ",居民志愿者\n"
		count := func() int {
			n, err := db.Client.Volunteer.Query().Count(sys())
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		entries := func() int {
			n, err := db.Client.AuditEntry.Query().Count(sys())
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		before, audited := count(), entries()
		want := "row 2 CREATED\nrow 3 REFUSED\nrow 3 A 社区代码 FORBIDDEN the record named is outside your agency: you may create Volunteer records only within your own agency\n" +
			"row 4 CREATED\nrow 5 REFUSED\nrow 5 A 社区代码 FORBIDDEN the record named is outside your agency: you may create Volunteer records only within your own agency\n"
		var reports []string
		for _, opt := range []importer.Options{{DryRun: true}, {}, {Partial: true}} {
			opt.Lang = fault.English
			rep, err := im.Import(street, spec(t, "volunteer"), strings.NewReader(csv), importer.CSV, opt, nil)
			if err != nil {
				t.Fatal(err)
			}
			reports = append(reports, summary(rep))
			if !opt.Partial {
				if rep.Committed || count() != before || entries() != audited {
					t.Errorf("%+v: committed %v, %d volunteers (was %d), %d audit entries (was %d): want nothing written",
						opt, rep.Committed, count(), before, entries(), audited)
				}
			}
		}
		for i, got := range reports {
			if got != want {
				t.Errorf("report %d:\n%s\nwant\n%s", i, got, want)
			}
		}
		if n := count(); n != before+2 {
			t.Errorf("after the partial import: %d volunteers, want %d", n, before+2)
		}
		// The import is audited: one entry per record and a summary.
		created, err := db.Client.AuditEntry.Query().Where(auditentry.ActionEQ(auditentry.ActionCREATE), auditentry.Entity("Volunteer")).Count(sys())
		if err != nil || created != 2 {
			t.Errorf("CREATE entries: %d (%v), want 2", created, err)
		}
		sum, err := db.Client.AuditEntry.Query().Where(auditentry.ActionEQ(auditentry.ActionIMPORT)).Only(sys())
		if err != nil {
			t.Fatal(err)
		}
		if v, err := audit.Verify(sys(), db.Client); err != nil || !v.OK {
			t.Errorf("audit chain after the imports: %+v, %v", v, err)
		}
		if sum.Agency != demo.ShuangshuiCode || len(sum.DocumentHash) != 64 ||
			strings.Join(sum.Fields, ",") != "rows=4,created=2,updated=0,unchanged=0,refused=2" {
			t.Errorf("summary entry: agency %v, hash %v, fields %v", sum.Agency, sum.DocumentHash, sum.Fields)
		}
	})
}
