package importer

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"sync"
	"time"

	"entgo.io/ent/dialect"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/internal/authz"
	classes "github.com/wushehub/wushe/internal/classify"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/scalar"
)

// JobStatus is where an import job is.
type JobStatus string

// The states of a job: queued until a worker takes it, running, then done
// (with a report, whatever became of the rows) or failed (no report: the
// file could not be read to the end, the import timed out, the server
// stopped, the database failed).
const (
	Queued  JobStatus = "QUEUED"
	Running JobStatus = "RUNNING"
	Done    JobStatus = "DONE"
	Failed  JobStatus = "FAILED"
)

// MarshalGQL writes s as a GraphQL enum value.
func (s JobStatus) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(s))) }

// UnmarshalGQL reads s from a GraphQL enum value.
func (s *JobStatus) UnmarshalGQL(v any) error {
	str, ok := v.(string)
	switch JobStatus(str) {
	case Queued, Running, Done, Failed:
		if ok {
			*s = JobStatus(str)
			return nil
		}
	}
	return fmt.Errorf("%v is not an import job status", v)
}

// MarshalGQL writes o as a GraphQL enum value.
func (o Outcome) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(o))) }

// UnmarshalGQL reads o from a GraphQL enum value.
func (o *Outcome) UnmarshalGQL(v any) error {
	str, ok := v.(string)
	switch Outcome(str) {
	case Created, Updated, Unchanged, Refused:
		if ok {
			*o = Outcome(str)
			return nil
		}
	}
	return fmt.Errorf("%v is not a row outcome", v)
}

// JobState is a job as it is at one moment: a copy, safe to read.
type JobState struct {
	ID             int // in the range scalar.ImportJobIDs
	Entity         string
	FileName       string
	Status         JobStatus
	DryRun         bool
	Partial        bool
	CreateOnly     bool
	RowsTotal      *int // rows of the sheet, when known before the end (XLSX)
	RowsDone       int
	Created        int
	Updated        int
	Unchanged      int
	Refused        int
	Committed      bool
	IgnoredColumns []string
	Sha256         *string
	QueuedAt       time.Time
	StartedAt      *time.Time
	FinishedAt     *time.Time
	Failure        *fault.Error // why it failed
	Report         *Report      // once done
}

// IsNode marks a job as a Relay node: node(id:) finds it for its owner.
func (s *JobState) IsNode() {}

// Node describes the job for ent's node descriptor.
func (s *JobState) Node(context.Context) (*ent.Node, error) {
	return &ent.Node{ID: s.ID, Type: "ImportJob"}, nil
}

// Finished reports whether the job is done or failed.
func (s *JobState) Finished() bool { return s.Status == Done || s.Status == Failed }

// JobsConfig configures the imports run in the background.
type JobsConfig struct {
	Client  *ent.Client
	Dialect string
	Log     *slog.Logger
	// Timeout bounds one import once it runs (default 30 minutes); an
	// import over it is rolled back.
	Timeout time.Duration
	// Workers is how many imports run at once: default 1 on SQLite, which
	// has one writer at a time (the others wait, QUEUED), 2 on PostgreSQL.
	Workers int
	// Keep is how long a finished job stays, with its report (default 1
	// hour).
	Keep time.Duration
	// PerAgency is how many jobs an agency keeps (default 20): a new one
	// drops the agency's oldest finished job; when none has finished it
	// is refused.
	PerAgency int
	// Dir holds the uploaded files until their jobs go (default the
	// system's temporary directory).
	Dir string
}

// Jobs runs imports in the background, each as the viewer who submitted it
// and through the same engine as the command line, in the order they came
// (Workers at a time), and keeps them in memory: a job and its report live
// until Keep after it finished, and do not survive a restart. The uploaded
// file is kept in a temporary file (mode 0600) for the annotated report.
type Jobs struct {
	im        *Importer
	log       *slog.Logger
	timeout   time.Duration
	workers   int
	keep      time.Duration
	perAgency int
	dir       string

	mu      sync.Mutex
	jobs    map[int]*job
	queue   []*job
	running int
	closed  bool
	wg      sync.WaitGroup
}

// job is one import and what it needs to run.
type job struct {
	state   JobState // guarded by Jobs.mu
	owner   authz.Viewer
	spec    *Spec
	format  Format
	opt     Options
	path    string        // the uploaded file; "" once removed
	changed chan struct{} // closed at each change of state
	cancel  context.CancelFunc
}

// NewJobs returns the background imports of cfg's database.
func NewJobs(cfg JobsConfig) *Jobs {
	j := &Jobs{
		im: &Importer{Client: cfg.Client, Dialect: cfg.Dialect}, log: cfg.Log,
		timeout: cfg.Timeout, workers: cfg.Workers, keep: cfg.Keep, perAgency: cfg.PerAgency, dir: cfg.Dir,
		jobs: map[int]*job{},
	}
	if j.log == nil {
		j.log = slog.New(slog.DiscardHandler)
	}
	if j.timeout <= 0 {
		j.timeout = 30 * time.Minute
	}
	if j.workers <= 0 {
		j.workers = 2
		if cfg.Dialect == dialect.SQLite {
			j.workers = 1
		}
	}
	if j.keep <= 0 {
		j.keep = time.Hour
	}
	if j.perAgency <= 0 {
		j.perAgency = 20
	}
	return j
}

var errJobMissing = fault.Missing("id", fault.T("no import job with this ID that you may see (jobs are kept for an hour after they finish)", "未找到您可查看的该导入任务（任务完成一小时后即删除）"))

// Submit reads a file of spec's entity from r (its name, when known, helps
// tell CSV from XLSX) and queues its import as the viewer of ctx, in the
// language of ctx. A file that cannot be read, or whose headers are not the
// template's, is refused at once (BAD_USER_INPUT); so are the public and
// read-only API keys (FORBIDDEN), and an agency with PerAgency jobs
// unfinished (CONFLICT).
func (j *Jobs) Submit(ctx context.Context, spec *Spec, name string, r io.Reader, opt Options) (*JobState, error) {
	v := authz.FromContext(ctx)
	switch {
	case v.IsSystem():
		return nil, ErrSystemViewer
	case v.Role == authz.Public:
		return nil, fault.Denied(fault.T("imports run as an agency: send its bearer token or API key", "导入须以机构身份进行：请提供令牌或接口密钥"))
	case v.ReadOnly:
		return nil, fault.Denied(fault.T("this API key may only read", "该接口密钥为只读"))
	}
	opt.Lang = fault.LangFrom(ctx)
	tmp, err := os.CreateTemp(j.dir, "wushe-import-*")
	if err != nil {
		return nil, fmt.Errorf("importer: keeping the upload: %w", err)
	}
	path := tmp.Name()
	keep := false
	defer func() {
		if !keep {
			_ = os.Remove(path)
		}
	}()
	n, err := io.Copy(tmp, r)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("importer: keeping the upload: %w", err)
	}
	if n == 0 {
		return nil, fault.BadInput("file", fault.T("the file is empty", "文件为空"))
	}
	format, err := checkFile(spec, path, name)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.closed {
		return nil, fault.Down(fault.T("the server is stopping: upload the file again in a moment", "服务器正在停止：请稍后重新上传"), nil)
	}
	j.sweep(now)
	if err := j.makeRoom(v); err != nil {
		return nil, err
	}
	jb := &job{
		owner: v, spec: spec, format: format, opt: opt, path: path, changed: make(chan struct{}),
		state: JobState{
			ID: j.newID(), Entity: spec.Slug, FileName: name, Status: Queued,
			DryRun: opt.DryRun, Partial: opt.Partial, CreateOnly: opt.CreateOnly, QueuedAt: now, IgnoredColumns: []string{},
		},
	}
	keep = true
	j.jobs[jb.state.ID] = jb
	j.queue = append(j.queue, jb)
	j.dispatch()
	j.log.InfoContext(ctx, "import queued", "job", scalar.EncodeID(jb.state.ID), "entity", spec.Slug, "agency", v.Agency, "role", string(v.Role),
		"bytes", n, "dry_run", opt.DryRun, "status", string(jb.state.Status))
	return jb.snapshot(), nil
}

// checkFile tells the file's format and checks that it has the template's
// headers, before the job is queued.
func checkFile(spec *Spec, path, name string) (Format, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("importer: reading the upload: %w", err)
	}
	defer f.Close()
	head := make([]byte, 8)
	n, _ := io.ReadFull(f, head)
	format, err := detectFormat(name, head[:n])
	if err != nil {
		return "", err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	src, err := open(f, format)
	if err != nil {
		return "", err
	}
	defer src.close()
	if _, _, err := findLayout(spec, src); err != nil {
		return "", err
	}
	return format, nil
}

// detectFormat tells an XLSX workbook (a zip archive) from a CSV file by
// their first bytes.
func detectFormat(name string, head []byte) (Format, error) {
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return XLSX, nil
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return "", fault.BadInput("file", fault.T("this is an Excel 97–2003 workbook (.xls) or another old Office file: save it as .xlsx or CSV", "这是Excel 97–2003工作簿（.xls）或其他旧版Office文件：请另存为.xlsx或CSV"))
	}
	if f, err := ParseFormat(name); err == nil && f == XLSX {
		return "", notWorkbook
	}
	return CSV, nil
}

// makeRoom drops the oldest finished job of v's agency when it has
// PerAgency jobs, or refuses a new one when none of them has finished.
func (j *Jobs) makeRoom(v authz.Viewer) error {
	key := agencyKey(v)
	var mine []*job
	for _, jb := range j.jobs {
		if agencyKey(jb.owner) == key {
			mine = append(mine, jb)
		}
	}
	if len(mine) < j.perAgency {
		return nil
	}
	var oldest *job
	for _, jb := range mine {
		if jb.state.Finished() && (oldest == nil || jb.state.FinishedAt.Before(*oldest.state.FinishedAt)) {
			oldest = jb
		}
	}
	if oldest == nil {
		return fault.Conflicting("", fault.T("your agency has %d imports queued or running: wait for one to finish", "贵机构已有%d个导入任务在排队或进行中：请等待其中一个完成", len(mine)))
	}
	j.remove(oldest)
	return nil
}

// agencyKey is whose quota a viewer's jobs count against: its agency, or
// the account for the platform, which has none.
func agencyKey(v authz.Viewer) string {
	if v.Agency != "" {
		return v.Agency
	}
	return "account:" + v.Subject
}

// newID returns an unused id in the range of import jobs, at random so
// that an ID tells nothing of the other jobs.
func (j *Jobs) newID() int {
	for {
		var b [4]byte
		_, _ = rand.Read(b[:])
		id := scalar.ImportJobIDs + int(binary.BigEndian.Uint32(b[:])|1)
		if _, taken := j.jobs[id]; !taken {
			return id
		}
	}
}

// dispatch starts queued jobs while workers are free, in the order they
// came. j.mu is held.
func (j *Jobs) dispatch() {
	for j.running < j.workers && len(j.queue) > 0 && !j.closed {
		jb := j.queue[0]
		j.queue = j.queue[1:]
		if jb.state.Status != Queued {
			continue
		}
		j.running++
		now := time.Now()
		jb.state.Status, jb.state.StartedAt = Running, &now
		// A fresh context: the request that queued the job has ended. It
		// carries the viewer (and its purpose) and the language, no more.
		ctx := fault.WithLang(authz.NewContext(context.Background(), jb.owner), jb.opt.Lang)
		ctx, jb.cancel = context.WithTimeout(ctx, j.timeout)
		jb.notify()
		j.wg.Add(1)
		go j.run(ctx, jb)
	}
}

// run imports a job's file.
func (j *Jobs) run(ctx context.Context, jb *job) {
	defer j.wg.Done()
	defer jb.cancel()
	f, err := os.Open(jb.path)
	var rep *Report
	if err == nil {
		rep, err = j.im.Import(ctx, jb.spec, f, jb.format, jb.opt, func(p Progress) { j.progress(jb, p) })
		f.Close()
	}
	j.finish(ctx, jb, rep, err)
}

// progress records how far a job is.
func (j *Jobs) progress(jb *job, p Progress) {
	j.mu.Lock()
	defer j.mu.Unlock()
	s := &jb.state
	s.RowsDone, s.Created, s.Updated, s.Unchanged, s.Refused = p.Done, p.Created, p.Updated, p.Unchanged, p.Refused
	if p.Total > 0 {
		total := p.Total
		s.RowsTotal = &total
	}
	jb.notify()
}

// finish records the end of a job and starts the next.
func (j *Jobs) finish(ctx context.Context, jb *job, rep *Report, err error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.running--
	now := time.Now()
	s := &jb.state
	s.FinishedAt = &now
	if err != nil {
		s.Status, s.Failure = Failed, j.failure(ctx, err)
		j.removeFile(jb)
	} else {
		s.Status, s.Report, s.Committed = Done, rep, rep.Committed
		s.RowsDone, s.Created, s.Updated, s.Unchanged, s.Refused = rep.Rows, rep.Created, rep.Updated, rep.Unchanged, rep.Refused
		rows := rep.Rows
		s.RowsTotal = &rows
		sum := rep.SHA256
		s.Sha256 = &sum
		if rep.Ignored != nil {
			s.IgnoredColumns = rep.Ignored
		}
	}
	jb.notify()
	took := now.Sub(*s.StartedAt).Round(time.Millisecond)
	attrs := []any{"job", scalar.EncodeID(s.ID), "entity", s.Entity, "agency", jb.owner.Agency, "status", string(s.Status), "rows", s.RowsDone,
		"created", s.Created, "updated", s.Updated, "unchanged", s.Unchanged, "refused", s.Refused, "committed", s.Committed, "took", took}
	if s.Failure != nil {
		attrs = append(attrs, "code", string(s.Failure.Code), "err", err)
	}
	j.log.Info("import finished", attrs...)
	j.dispatch()
}

// failure is why an import failed, as its owner may be told.
func (j *Jobs) failure(ctx context.Context, err error) *fault.Error {
	// A cancelled statement fails with the driver's own error: the
	// context says why.
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return fault.BadInput("", fault.T("the import took longer than %s and was rolled back, nothing written: split the file", "导入超过%s未完成，已回滚，未写入任何数据：请拆分文件后分别导入", j.timeout))
	case ctx.Err() != nil:
		return fault.Down(fault.T("the server stopped during the import, which was rolled back, nothing written: upload the file again", "导入期间服务器停止，已回滚，未写入任何数据：请重新上传"), err)
	}
	if fe, ok := fault.As(err); ok && fe.Code != fault.Internal {
		return fe
	}
	fe := classes.Of(err, nil)
	if fe.Code == fault.Internal {
		j.log.Error("import failed", "err", err)
		return &fault.Error{Code: fault.Internal, Text: fault.T("internal error: the import was rolled back, nothing written", "内部错误：导入已回滚，未写入任何数据")}
	}
	return fe
}

// Get returns the job with id when the viewer of ctx submitted it (the same
// account, agency and role); NOT_FOUND otherwise, as for a missing job.
func (j *Jobs) Get(ctx context.Context, id int) (*JobState, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	jb, err := j.lookup(ctx, id)
	if err != nil {
		return nil, err
	}
	return jb.snapshot(), nil
}

// lookup finds a job of the viewer of ctx. j.mu is held.
func (j *Jobs) lookup(ctx context.Context, id int) (*job, error) {
	j.sweep(time.Now())
	jb := j.jobs[id]
	if jb == nil || !owns(authz.FromContext(ctx), jb.owner) {
		return nil, errJobMissing
	}
	return jb, nil
}

// owns reports whether v is the viewer who submitted a job.
func owns(v, owner authz.Viewer) bool {
	return !v.IsSystem() && v.Role != authz.Public && v.Subject == owner.Subject && v.Agency == owner.Agency && v.Role == owner.Role
}

// Watch streams the job with id, as Get finds it, while it changes, at
// most one state every interval (the latest), until it is finished: the
// first state at once, the last when it finishes, then the channel closes.
// It closes early when ctx ends.
func (j *Jobs) Watch(ctx context.Context, id int, interval time.Duration) (<-chan *JobState, error) {
	j.mu.Lock()
	jb, err := j.lookup(ctx, id)
	if err != nil {
		j.mu.Unlock()
		return nil, err
	}
	state, changed := jb.snapshot(), jb.changed
	j.mu.Unlock()
	out := make(chan *JobState)
	go func() {
		defer close(out)
		for {
			select {
			case out <- state:
			case <-ctx.Done():
				return
			}
			if state.Finished() {
				return
			}
			sent := time.Now()
			select {
			case <-changed:
			case <-ctx.Done():
				return
			}
			j.mu.Lock()
			state, changed = jb.snapshot(), jb.changed
			j.mu.Unlock()
			if state.Finished() {
				continue
			}
			if wait := interval - time.Since(sent); wait > 0 {
				t := time.NewTimer(wait)
				select {
				case <-t.C:
				case <-ctx.Done():
					t.Stop()
					return
				}
				j.mu.Lock()
				state, changed = jb.snapshot(), jb.changed
				j.mu.Unlock()
			}
		}
	}()
	return out, nil
}

// WriteReport writes the annotated copy of a finished job's file (see
// WriteAnnotated) in the language of ctx, for the viewer who submitted
// it: NOT_FOUND for anyone else, CONFLICT while it runs or when it failed.
func (j *Jobs) WriteReport(ctx context.Context, id int, w io.Writer) error {
	j.mu.Lock()
	jb, err := j.lookup(ctx, id)
	if err != nil {
		j.mu.Unlock()
		return err
	}
	state, path, format := jb.snapshot(), jb.path, jb.format
	var f *os.File
	if state.Status == Done && path != "" {
		f, err = os.Open(path) // while the lock holds, so that a sweep cannot remove it first
	}
	j.mu.Unlock()
	switch {
	case state.Status == Failed:
		return fault.Conflicting("", fault.T("the import failed: it has no report", "导入失败，无结果报告"))
	case !state.Finished():
		return fault.Conflicting("", fault.T("the import has not finished: its report comes when it is done", "导入尚未完成：完成后才有结果报告"))
	case err != nil:
		return fmt.Errorf("importer: opening the upload: %w", err)
	}
	defer f.Close()
	return WriteAnnotated(w, f, format, state.Report, fault.LangFrom(ctx))
}

// Writing reports whether an import is running now (on SQLite it holds the
// database's write lock while it runs).
func (j *Jobs) Writing() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.running > 0
}

// Close stops taking jobs, fails the queued ones, cancels the running ones
// (each rolls back: nothing is written) and waits for them until ctx ends;
// then removes the uploaded files.
func (j *Jobs) Close(ctx context.Context) error {
	j.mu.Lock()
	j.closed = true
	now := time.Now()
	for _, jb := range j.jobs {
		switch jb.state.Status {
		case Queued:
			jb.state.Status, jb.state.FinishedAt = Failed, &now
			jb.state.Failure = fault.Down(fault.T("the server stopped before the import started: upload the file again", "导入开始前服务器停止：请重新上传"), nil)
			jb.notify()
		case Running:
			jb.cancel()
		}
	}
	j.queue = nil
	j.mu.Unlock()
	done := make(chan struct{})
	go func() {
		j.wg.Wait()
		close(done)
	}()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		err = fmt.Errorf("importer: imports still rolling back at shutdown: %w", ctx.Err())
	}
	j.mu.Lock()
	for _, jb := range j.jobs {
		j.removeFile(jb)
	}
	j.mu.Unlock()
	return err
}

// sweep drops the jobs finished more than Keep ago. j.mu is held.
func (j *Jobs) sweep(now time.Time) {
	for _, jb := range j.jobs {
		if jb.state.Finished() && now.Sub(*jb.state.FinishedAt) > j.keep {
			j.remove(jb)
		}
	}
}

// remove drops a finished job. j.mu is held.
func (j *Jobs) remove(jb *job) {
	j.removeFile(jb)
	delete(j.jobs, jb.state.ID)
}

// removeFile removes a job's upload. j.mu is held.
func (j *Jobs) removeFile(jb *job) {
	if jb.path != "" {
		if err := os.Remove(jb.path); err != nil && !errors.Is(err, os.ErrNotExist) {
			j.log.Warn("import: removing an upload", "err", err)
		}
		jb.path = ""
	}
}

// notify wakes the watchers of a job. Jobs.mu is held.
func (jb *job) notify() {
	close(jb.changed)
	jb.changed = make(chan struct{})
}

// snapshot copies the job's state. Jobs.mu is held.
func (jb *job) snapshot() *JobState {
	s := jb.state
	return &s
}
