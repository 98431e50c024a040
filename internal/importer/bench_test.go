package importer_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/lib/pq"
	"github.com/xuri/excelize/v2"

	"github.com/wushehub/wushe/ent/community"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/demo"
	"github.com/wushehub/wushe/internal/ident"
	"github.com/wushehub/wushe/internal/importer"
	"github.com/wushehub/wushe/internal/store"
	"github.com/wushehub/wushe/internal/store/storetest"
)

// benchRows is the size of the benchmarks' register (WUSHE_BENCH_ROWS
// overrides it, for quick runs).
func benchRows() int {
	if n, err := strconv.Atoi(os.Getenv("WUSHE_BENCH_ROWS")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

// volunteerRow is row i of a generated register: fields in the order of
// the volunteer template's columns.
type volunteerRow struct {
	name, id, kind, kindLabel, registered, phone string
	hours                                        float64
}

func genVolunteer(set, i int) volunteerRow {
	birth := time.Date(1940+set%40, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i/900)
	return volunteerRow{
		name: "志愿者" + strconv.Itoa(i), id: ident.MakeResidentID("110101", birth, i%900+100),
		kind: "RESIDENT", kindLabel: "居民志愿者", registered: "2024-05-06",
		phone: fmt.Sprintf("138%08d", i), hours: float64(i % 200),
	}
}

// registerXLSX writes n volunteer rows of set as an XLSX register, streamed.
func registerXLSX(tb testing.TB, set, n int) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		tb.Fatal(err)
	}
	head := []any{"*社区代码", "*姓名", "公民身份号码", "*志愿者类别", "服务时长(小时)", "注册日期", "手机号"}
	if err := sw.SetRow("A1", head); err != nil {
		tb.Fatal(err)
	}
	for i := range n {
		v := genVolunteer(set, i)
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, []any{demo.ShalongCode, v.name, v.id, v.kindLabel, v.hours, v.registered, v.phone}); err != nil {
			tb.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// baseline writes the same rows the database's fastest way: COPY FROM STDIN
// on PostgreSQL, multi-row INSERTs of 500 rows on SQLite.
func baseline(tb testing.TB, db *store.DB, set, n, communityID int) time.Duration {
	tb.Helper()
	ctx := context.Background()
	now := time.Now()
	start := time.Now()
	tx, err := db.SQL.BeginTx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	cols := []string{"created_at", "updated_at", "name", "kind", "hours", "registered_on", "phone", "id_number", "community_id"}
	if db.Dialect == "postgres" {
		// The CSV text goes through COPY as the server parses it.
		stmt, err := tx.Prepare(pq.CopyIn("volunteers", cols...))
		if err != nil {
			tb.Fatal(err)
		}
		for i := range n {
			v := genVolunteer(set, i)
			if _, err := stmt.Exec(now, now, v.name, v.kind, v.hours, v.registered, v.phone, v.id, communityID); err != nil {
				tb.Fatal(err)
			}
		}
		if _, err := stmt.Exec(); err != nil {
			tb.Fatal(err)
		}
		if err := stmt.Close(); err != nil {
			tb.Fatal(err)
		}
	} else {
		const per = 500
		row := "(" + strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + ")"
		for lo := 0; lo < n; lo += per {
			hi := min(lo+per, n)
			q := "INSERT INTO volunteers (" + strings.Join(cols, ",") + ") VALUES " + strings.TrimSuffix(strings.Repeat(row+",", hi-lo), ",")
			args := make([]any, 0, (hi-lo)*len(cols))
			for i := lo; i < hi; i++ {
				v := genVolunteer(set, i)
				args = append(args, now, now, v.name, v.kind, v.hours, v.registered, v.phone, v.id, communityID)
			}
			if _, err := tx.ExecContext(ctx, q, args...); err != nil {
				tb.Fatal(err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	return time.Since(start)
}

// peakHeap samples the heap in use until stop is called and returns the
// highest value seen.
func peakHeap() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return func() uint64 { close(done); wg.Wait(); return peak.Load() }
}

func eachBench(b *testing.B, f func(b *testing.B, db *store.DB)) {
	b.Run("sqlite", func(b *testing.B) { f(b, storetest.SQLite(b)) })
	b.Run("postgres", func(b *testing.B) { f(b, storetest.Postgres(b)) })
}

// BenchmarkImport imports a register of 100,000 new volunteers from XLSX
// (validation, rules, privacy and audit included) and reports its time as a
// multiple of the database's own bulk load of the same rows (x-baseline),
// with the peak heap of the import.
func BenchmarkImport(b *testing.B) {
	n := benchRows()
	eachBench(b, func(b *testing.B, db *store.DB) {
		if _, err := demo.Load(context.Background(), db.Client); err != nil {
			b.Fatal(err)
		}
		shalong, err := db.Client.Community.Query().Where(community.Code(demo.ShalongCode)).OnlyID(authz.SystemContext(context.Background()))
		if err != nil {
			b.Fatal(err)
		}
		im := &importer.Importer{Client: db.Client, Dialect: db.Dialect}
		ctx := viewerB(b, authz.CommunityOfficer)
		var imp, base, impCPU, baseCPU time.Duration
		var peak uint64
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			data := registerXLSX(b, 2*i, n)
			runtime.GC()
			stop := peakHeap()
			b.StartTimer()
			start, cpu := time.Now(), cpuTime(b, db)
			rep, err := im.Import(ctx, mustSpecB(b, "volunteer"), bytes.NewReader(data), importer.XLSX, importer.Options{}, nil)
			if err != nil {
				b.Fatal(err)
			}
			imp += time.Since(start)
			impCPU += cpuTime(b, db) - cpu
			b.StopTimer()
			peak = max(peak, stop())
			if rep.Created != n {
				b.Fatalf("created %d of %d: %+v", rep.Created, n, rep.All()[0])
			}
			cpu = cpuTime(b, db)
			base += baseline(b, db, 2*i+1, n, shalong)
			baseCPU += cpuTime(b, db) - cpu
			b.StartTimer()
		}
		b.ReportMetric(float64(imp)/float64(base), "x-baseline")
		b.ReportMetric(float64(impCPU)/float64(baseCPU), "x-baseline-cpu")
		b.ReportMetric(float64(n)*float64(b.N)/imp.Seconds(), "rows/s")
		b.ReportMetric(float64(peak)/(1<<20), "MB-peak-heap")
	})
}

// BenchmarkExport exports 100,000 volunteers as XLSX and as CSV.
func BenchmarkExport(b *testing.B) {
	n := benchRows()
	eachBench(b, func(b *testing.B, db *store.DB) {
		if _, err := demo.Load(context.Background(), db.Client); err != nil {
			b.Fatal(err)
		}
		shalong, err := db.Client.Community.Query().Where(community.Code(demo.ShalongCode)).OnlyID(authz.SystemContext(context.Background()))
		if err != nil {
			b.Fatal(err)
		}
		baseline(b, db, 99, n, shalong)
		ex := &importer.Exporter{Client: db.Client, Dialect: db.Dialect}
		ctx := viewerB(b, authz.CommunityOfficer)
		for _, f := range []importer.Format{importer.XLSX, importer.CSV} {
			b.Run(string(f), func(b *testing.B) {
				var peak uint64
				for i := 0; i < b.N; i++ {
					runtime.GC()
					stop := peakHeap()
					got, err := ex.Export(ctx, mustSpecB(b, "volunteer"), discard{}, importer.ExportOptions{Format: f, CodePrefix: demo.ShalongCode})
					peak = max(peak, stop())
					if err != nil {
						b.Fatal(err)
					}
					if got < n {
						b.Fatalf("exported %d, want at least %d", got, n)
					}
				}
				b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
				b.ReportMetric(float64(peak)/(1<<20), "MB-peak-heap")
			})
		}
	})
}

// cpuTime is the CPU time spent so far by this process and, on
// PostgreSQL, by the server processes serving db's database: the work
// done, which a busy machine stretches less than the elapsed time.
func cpuTime(tb testing.TB, db *store.DB) time.Duration {
	tb.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	total := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	if db.Dialect != "postgres" {
		return total
	}
	rows, err := db.SQL.Query("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var pid int
		if err := rows.Scan(&pid); err != nil {
			tb.Fatal(err)
		}
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			tb.Skipf("cannot read the server's CPU time (%v): the database is not on this machine", err)
		}
		// Fields 14 and 15 (utime, stime, in clock ticks of 10 ms) follow
		// the command name in parentheses.
		f := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
		ut, _ := strconv.ParseInt(f[11], 10, 64)
		st, _ := strconv.ParseInt(f[12], 10, 64)
		total += time.Duration(ut+st) * 10 * time.Millisecond
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return total
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

var _ = sql.ErrNoRows

func viewerB(b *testing.B, r authz.Role) context.Context {
	for _, v := range demo.Viewers() {
		if v.Viewer.Role == r {
			return authz.NewContext(context.Background(), v.Viewer)
		}
	}
	b.Fatalf("no demo viewer of role %s", r)
	return nil
}

func mustSpecB(b *testing.B, name string) *importer.Spec {
	s, err := importer.Lookup(name)
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func TestWriteRegister(t *testing.T) {
	if p := os.Getenv("WUSHE_WRITE_REGISTER"); p != "" {
		if err := os.WriteFile(p, registerXLSX(t, 5, benchRows()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
