// Package webhook delivers the change feed (internal/events) to the HTTP
// endpoints agencies register, for systems that cannot hold a WebSocket:
// batches of events POSTed as JSON, signed with HMAC-SHA256 under the
// endpoint's secret, retried with exponential backoff until they are
// acknowledged, with every attempt recorded. Each endpoint receives what
// the viewer that registered it (its agency and role) may read: every
// event's record is loaded under the privacy rules as that viewer, a
// record it may not read is never sent, and of a record only the
// UNCONDITIONAL fields are sent — protected fields are read through
// GraphQL, where they are audited.
package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"entgo.io/ent/dialect"
	"entgo.io/ent/privacy"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/internal/authz"
	"github.com/wushehub/wushe/internal/events"
	"github.com/wushehub/wushe/internal/fault"
	"github.com/wushehub/wushe/internal/scalar"
)

// The states of a webhook's deliveries.
const (
	StateOK       = "OK"       // the last batch was acknowledged (or none was due)
	StateRetrying = "RETRYING" // the last attempt failed; it is retried
	StateFailing  = "FAILING"  // MaxAttempts or more attempts in a row failed; retried hourly
	// The credentials that registered it are no longer valid (the account
	// or key deactivated, revoked or expired, its agency deactivated, its
	// role or agency changed): nothing more is delivered.
	StateSuspended = "SUSPENDED"
)

// SignatureHeader carries "sha256=" and the hex HMAC-SHA256, under the
// webhook's secret, of the timestamp (TimestampHeader), a dot, and the body.
const (
	SignatureHeader = "X-Wushe-Signature"
	TimestampHeader = "X-Wushe-Timestamp"
	WebhookHeader   = "X-Wushe-Webhook"
)

// MaxAttempts failed in a row make a webhook FAILING.
const MaxAttempts = 10

// Webhook is a registered endpoint and the state of its deliveries.
type Webhook struct {
	ID               int64
	Agency           string
	Role             authz.Role
	Subject          string // the credentials that registered it
	URL              string
	Entities         []string
	Active           bool
	CreatedAt        time.Time
	DeliveredThrough int64 // the last position of the feed handled
	State            string
	Attempts         int // failed in a row
	NextAttemptAt    time.Time
	LastStatus       int // HTTP status of the last attempt (0: none, or no answer)
	LastError        string
	LastAttemptAt    time.Time
	LastDeliveredAt  time.Time
	secret           string
}

// Delivery is one attempt to deliver a batch.
type Delivery struct {
	FirstPosition, LastPosition int64
	Events, Attempt             int
	OK                          bool
	Status                      int
	Error                       string
	At                          time.Time
	Took                        time.Duration
}

// Config configures a Service.
type Config struct {
	DB      *sql.DB
	Dialect string
	Client  *ent.Client // to load records as each webhook's viewer
	Feed    *events.Feed
	Log     *slog.Logger
	// HTTP posts the batches (default: a client with a 10 s timeout that
	// connects to no loopback, private or link-local address unless
	// AllowPrivate).
	HTTP *http.Client
	// AllowPrivate lets webhooks reach loopback, private and link-local
	// addresses (a hub whose subscribers are inside its own network:
	// WUSHE_WEBHOOK_ALLOW_PRIVATE=true). Off, such a URL is refused when it
	// is registered and such an address when it is connected to.
	AllowPrivate bool
	// Poll is how often due webhooks are looked for (default 1 s).
	Poll time.Duration
	// Backoff is the wait after the first failure, doubled after each
	// further one up to an hour (default 1 s).
	Backoff time.Duration
	// Batch is the most events one POST carries (default 100).
	Batch int
	// Credentials checks, before each delivery, that the credentials that
	// registered a webhook (subject, as the viewer had it) are still those
	// of an active account or key of agency and role
	// (authz.Authenticator.Check): an UNAUTHENTICATED error suspends the
	// webhook, any other is retried. Nil checks nothing.
	Credentials func(ctx context.Context, subject, agency string, role authz.Role) error
}

// Service registers webhooks and delivers to them.
type Service struct{ c Config }

// New returns the webhook service of c.
func New(c Config) *Service {
	if c.HTTP == nil {
		if c.AllowPrivate {
			c.HTTP = &http.Client{Timeout: 10 * time.Second}
		} else {
			c.HTTP = guardedClient(10 * time.Second)
		}
	}
	if c.Poll <= 0 {
		c.Poll = time.Second
	}
	if c.Backoff <= 0 {
		c.Backoff = time.Second
	}
	if c.Batch <= 0 {
		c.Batch = 100
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	return &Service{c: c}
}

// q adapts a statement written with $n placeholders, each used once and
// in order, to the dialect.
func (s *Service) q(query string) string {
	if s.c.Dialect == dialect.Postgres {
		return query
	}
	for i := 20; i >= 1; i-- {
		query = strings.ReplaceAll(query, "$"+strconv.Itoa(i), "?")
	}
	return query
}

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}

// conn is what statements run on: the request's transaction when there
// is one (ent.FromContext: mutations run in one, and SQLite has a single
// writer), else the database.
type conn interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func (s *Service) conn(ctx context.Context) conn {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return s.c.DB
}

// queryRow runs a query of one row on conn.
func (s *Service) queryRow(ctx context.Context, query string, args []any, dest ...any) error {
	rows, err := s.conn(ctx).QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return sql.ErrNoRows
	}
	if err := rows.Scan(dest...); err != nil {
		return err
	}
	return rows.Close()
}

var errMayNot = fault.Denied(fault.T("only an agency's own accounts may manage its webhooks", "仅机构本身的账号可管理其 Webhook"))

// mayManage refuses the public and the hub itself.
func mayManage(v authz.Viewer) error {
	if v.Role == authz.Public || v.Role == "" || v.Subject == "" {
		return fault.Unauthorized(fault.T("sign in to manage webhooks", "请登录后管理 Webhook"))
	}
	if v.IsSystem() {
		return errMayNot
	}
	return nil
}

// Register records an endpoint of the viewer's agency that receives the
// events of entities (events.Topics) from now on, and returns it with its
// secret, shown only now. BAD_USER_INPUT for a URL that is not http(s) or
// an unknown entity; UNAUTHENTICATED for the public.
func (s *Service) Register(ctx context.Context, rawURL string, entities []string) (Webhook, string, error) {
	v := authz.FromContext(ctx)
	if err := mayManage(v); err != nil {
		return Webhook{}, "", err
	}
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(rawURL) > 2048 {
		return Webhook{}, "", fault.BadInput("url", fault.T("must be an absolute http:// or https:// URL of at most 2048 characters", "应为不超过2048个字符的 http:// 或 https:// 绝对地址"))
	}
	if !s.c.AllowPrivate && privateHost(u.Hostname()) {
		return Webhook{}, "", fault.BadInput("url", fault.T("must not point at this machine or a private network (loopback, private or link-local address); the hub's operator can allow them with WUSHE_WEBHOOK_ALLOW_PRIVATE=true",
			"不能指向本机或内网地址（回环、私有或链路本地地址）；如确需，可由运维设置 WUSHE_WEBHOOK_ALLOW_PRIVATE=true"))
	}
	if len(entities) == 0 {
		return Webhook{}, "", fault.BadInput("entities", fault.T("name at least one of %s", "请至少选择以下之一：%s", strings.Join(events.Topics, ", ")))
	}
	var list []string
	for _, e := range entities {
		if !slices.Contains(events.Topics, e) {
			return Webhook{}, "", fault.BadInput("entities", fault.T("%q has no events: name one of %s", "%q没有变更事件：请选择 %s", e, strings.Join(events.Topics, ", ")))
		}
		if !slices.Contains(list, e) {
			list = append(list, e)
		}
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return Webhook{}, "", fmt.Errorf("webhook: secret: %w", err)
	}
	secret := "whsec_" + hex.EncodeToString(b)
	head, err := s.c.Feed.Head(ctx)
	if err != nil {
		return Webhook{}, "", err
	}
	now := time.Now()
	w := Webhook{Agency: v.Agency, Role: v.Role, Subject: v.Subject, URL: rawURL, Entities: list, Active: true, CreatedAt: now.UTC().Truncate(time.Millisecond),
		DeliveredThrough: head, State: StateOK, NextAttemptAt: now.UTC().Truncate(time.Millisecond), secret: secret}
	err = s.queryRow(ctx, `INSERT INTO webhooks (agency, role, url, secret, entities, active, created_at, delivered_through, state,
		attempts, next_attempt_at, last_status, last_error, last_attempt_at, last_delivered_at, subject)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, 0, '', 0, 0, $11) RETURNING id`,
		[]any{w.Agency, string(w.Role), w.URL, secret, strings.Join(list, ","), true, ms(now), head, StateOK, ms(now), w.Subject}, &w.ID)
	if err != nil {
		return Webhook{}, "", fmt.Errorf("webhook: register: %w", err)
	}
	return w, secret, nil
}

const columns = `id, agency, role, url, secret, entities, active, created_at, delivered_through, state, attempts,
	next_attempt_at, last_status, last_error, last_attempt_at, last_delivered_at, subject`

func scan(rows interface{ Scan(...any) error }) (Webhook, error) {
	var w Webhook
	var role, entities string
	var created, next, lastAttempt, lastDelivered int64
	err := rows.Scan(&w.ID, &w.Agency, &role, &w.URL, &w.secret, &entities, &w.Active, &created, &w.DeliveredThrough, &w.State,
		&w.Attempts, &next, &w.LastStatus, &w.LastError, &lastAttempt, &lastDelivered, &w.Subject)
	w.Role = authz.Role(role)
	w.Entities = strings.Split(entities, ",")
	w.CreatedAt, w.NextAttemptAt, w.LastAttemptAt, w.LastDeliveredAt = fromMS(created), fromMS(next), fromMS(lastAttempt), fromMS(lastDelivered)
	return w, err
}

// List returns the webhooks of the viewer's agency (every agency's for the
// platform's administrators).
func (s *Service) List(ctx context.Context) ([]Webhook, error) {
	v := authz.FromContext(ctx)
	if err := mayManage(v); err != nil {
		return nil, err
	}
	query, args := "SELECT "+columns+" FROM webhooks WHERE agency = $1 ORDER BY id", []any{v.Agency}
	if v.IsPlatformAdmin() {
		query, args = "SELECT "+columns+" FROM webhooks ORDER BY id", nil
	}
	rows, err := s.c.DB.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return nil, fmt.Errorf("webhook: list: %w", err)
	}
	defer rows.Close()
	var out []Webhook
	for rows.Next() {
		w, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("webhook: list: %w", err)
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

var errNoWebhook = fault.Missing("id", fault.T("no such webhook", "没有该 Webhook"))

// Get returns a webhook of the viewer's agency; NOT_FOUND for another's.
func (s *Service) Get(ctx context.Context, id int64) (Webhook, error) {
	v := authz.FromContext(ctx)
	if err := mayManage(v); err != nil {
		return Webhook{}, err
	}
	var w Webhook
	rows, err := s.conn(ctx).QueryContext(ctx, s.q("SELECT "+columns+" FROM webhooks WHERE id = $1"), id)
	if err == nil {
		if rows.Next() {
			w, err = scan(rows)
		} else if err = rows.Err(); err == nil {
			err = sql.ErrNoRows
		}
		rows.Close()
	}
	if errors.Is(err, sql.ErrNoRows) || (err == nil && w.Agency != v.Agency && !v.IsPlatformAdmin()) {
		return Webhook{}, errNoWebhook
	}
	if err != nil {
		return Webhook{}, fmt.Errorf("webhook: get: %w", err)
	}
	return w, nil
}

// Delete removes a webhook of the viewer's agency and its deliveries.
func (s *Service) Delete(ctx context.Context, id int64) error {
	if _, err := s.Get(ctx, id); err != nil {
		return err
	}
	if _, err := s.conn(ctx).ExecContext(ctx, s.q("DELETE FROM webhook_deliveries WHERE webhook_id = $1"), id); err != nil {
		return fmt.Errorf("webhook: delete: %w", err)
	}
	if _, err := s.conn(ctx).ExecContext(ctx, s.q("DELETE FROM webhooks WHERE id = $1"), id); err != nil {
		return fmt.Errorf("webhook: delete: %w", err)
	}
	return nil
}

// Deliveries returns the last attempts of webhook w, newest first.
func (s *Service) Deliveries(ctx context.Context, w Webhook, limit int) ([]Delivery, error) {
	rows, err := s.c.DB.QueryContext(ctx, s.q(`SELECT first_pos, last_pos, events, attempt, ok, status, error, at, took_ms
		FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY at DESC, id DESC LIMIT $2`), w.ID, limit)
	if err != nil {
		return nil, fmt.Errorf("webhook: deliveries: %w", err)
	}
	defer rows.Close()
	var out []Delivery
	for rows.Next() {
		var d Delivery
		var at, took int64
		if err := rows.Scan(&d.FirstPosition, &d.LastPosition, &d.Events, &d.Attempt, &d.OK, &d.Status, &d.Error, &at, &took); err != nil {
			return nil, fmt.Errorf("webhook: deliveries: %w", err)
		}
		d.At, d.Took = fromMS(at), time.Duration(took)*time.Millisecond
		out = append(out, d)
	}
	return out, rows.Err()
}

// Run delivers to the due webhooks every Poll until ctx is done.
func (s *Service) Run(ctx context.Context) {
	tick := time.NewTicker(s.c.Poll)
	defer tick.Stop()
	for {
		s.DeliverDue(ctx)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// lease is how long a server process holds a webhook it delivers to.
const lease = time.Minute

// DeliverDue delivers one batch to each webhook that is due, claiming each
// first so that no two server processes deliver to one at once.
func (s *Service) DeliverDue(ctx context.Context) {
	now := time.Now()
	rows, err := s.c.DB.QueryContext(ctx, s.q("SELECT "+columns+" FROM webhooks WHERE active AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT 20"), ms(now))
	if err != nil {
		if ctx.Err() == nil {
			s.c.Log.Warn("webhooks: looking for due deliveries", "err", err)
		}
		return
	}
	var due []Webhook
	for rows.Next() {
		if w, err := scan(rows); err == nil {
			due = append(due, w)
		}
	}
	rows.Close()
	for _, w := range due {
		res, err := s.c.DB.ExecContext(ctx, s.q("UPDATE webhooks SET next_attempt_at = $1 WHERE id = $2 AND next_attempt_at = $3"),
			ms(now.Add(lease)), w.ID, ms(w.NextAttemptAt))
		if err != nil {
			continue
		}
		if n, _ := res.RowsAffected(); n != 1 {
			continue // another process has it
		}
		s.deliver(ctx, w)
	}
}

// Event is an event as a webhook receives it.
type Event struct {
	Position  string          `json:"position"`
	Kind      string          `json:"kind"`
	Entity    string          `json:"entity"`
	ID        string          `json:"id"` // global ID, as in GraphQL
	Community string          `json:"community"`
	Record    json.RawMessage `json:"record"` // the UNCONDITIONAL fields, by their GraphQL names
}

// Batch is the body of a POST.
type Batch struct {
	Webhook string  `json:"webhook"`
	Events  []Event `json:"events"`
	// Through is the last position the batch covers, events the webhook
	// may not read included.
	Through string `json:"through"`
}

// deliver sends w the next batch of events it may read, and records how
// it went.
func (s *Service) deliver(ctx context.Context, w Webhook) {
	if s.c.Credentials != nil {
		if err := s.c.Credentials(ctx, w.Subject, w.Agency, w.Role); err != nil {
			var fe *fault.Error
			if errors.As(err, &fe) && fe.Code == fault.Unauthenticated {
				s.suspend(ctx, w, fe.Text)
				return
			}
			s.c.Log.Warn("webhooks: checking the registering credentials", "webhook", w.ID, "err", err)
			s.fail(ctx, w, 0, 0, 0, 0, "the hub could not check the credentials that registered the webhook; retrying", 0)
			return
		}
	}
	// Events removed by retention before they were delivered: say so, in
	// the delivery records, and go on after them.
	if h, err := s.c.Feed.Horizon(ctx); err == nil && h > w.DeliveredThrough {
		s.recordAttempt(ctx, w, Delivery{FirstPosition: w.DeliveredThrough + 1, LastPosition: h, Attempt: w.Attempts + 1, At: time.Now(),
			Error: "events removed by the change feed's retention before they could be delivered: reload the records"})
		if _, err := s.c.DB.ExecContext(ctx, s.q("UPDATE webhooks SET delivered_through = $1 WHERE id = $2"), h, w.ID); err != nil {
			s.c.Log.Warn("webhooks: moving past removed events", "webhook", w.ID, "err", err)
			return
		}
		s.c.Log.Warn("webhook fell behind the change feed's retention; events were skipped", "webhook", w.ID, "from", w.DeliveredThrough+1, "through", h)
		w.DeliveredThrough = h
	}
	evs, err := s.c.Feed.Read(ctx, w.DeliveredThrough, s.c.Batch, w.Entities...)
	if err != nil {
		s.c.Log.Warn("webhooks: reading the change feed", "webhook", w.ID, "err", err)
		s.fail(ctx, w, 0, 0, 0, 0, "the hub could not read the change feed; retrying", 0)
		return
	}
	if len(evs) == 0 {
		s.settle(ctx, w, w.DeliveredThrough, false)
		return
	}
	viewer := authz.Viewer{Subject: "webhook:" + strconv.FormatInt(w.ID, 10), Agency: w.Agency, Role: w.Role}
	vctx := authz.WithRequest(authz.NewContext(ctx, viewer), s.c.Client)
	batch := Batch{Webhook: strconv.FormatInt(w.ID, 10), Through: strconv.FormatInt(evs[len(evs)-1].Position, 10)}
	for _, e := range evs {
		rec, ok, err := s.record(vctx, e)
		if err != nil {
			s.c.Log.Warn("webhooks: loading a record", "webhook", w.ID, "entity", e.Entity, "id", e.ID, "err", err)
			s.fail(ctx, w, evs[0].Position, evs[len(evs)-1].Position, 0, 0, "the hub could not load a record; retrying", 0)
			return
		}
		if !ok {
			continue // the webhook's agency may not read it
		}
		batch.Events = append(batch.Events, Event{Position: strconv.FormatInt(e.Position, 10), Kind: string(e.Kind), Entity: e.Entity,
			ID: scalar.EncodeID(e.ID), Community: e.Community, Record: rec})
	}
	last := evs[len(evs)-1].Position
	if len(batch.Events) == 0 {
		s.settle(ctx, w, last, len(evs) == s.c.Batch)
		return
	}
	body, _ := json.Marshal(batch)
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		s.fail(ctx, w, evs[0].Position, last, len(batch.Events), 0, "bad URL", 0)
		return
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "wushe-hub-webhook")
	req.Header.Set(TimestampHeader, ts)
	req.Header.Set(SignatureHeader, Sign(w.secret, ts, body))
	req.Header.Set(WebhookHeader, batch.Webhook)
	began := time.Now()
	resp, err := s.c.HTTP.Do(req)
	took := time.Since(began)
	if err != nil {
		s.fail(ctx, w, evs[0].Position, last, len(batch.Events), 0, "no answer: "+errText(err), took)
		return
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		s.fail(ctx, w, evs[0].Position, last, len(batch.Events), resp.StatusCode, fmt.Sprintf("answered HTTP %d", resp.StatusCode), took)
		return
	}
	s.recordAttempt(ctx, w, Delivery{FirstPosition: evs[0].Position, LastPosition: last, Events: len(batch.Events), Attempt: w.Attempts + 1,
		OK: true, Status: resp.StatusCode, At: time.Now(), Took: took})
	now := time.Now()
	next := now
	if len(evs) < s.c.Batch {
		next = now.Add(s.c.Poll) // caught up
	}
	_, err = s.c.DB.ExecContext(ctx, s.q(`UPDATE webhooks SET delivered_through = $1, state = $2, attempts = 0, next_attempt_at = $3,
		last_status = $4, last_error = '', last_attempt_at = $5, last_delivered_at = $6 WHERE id = $7`),
		last, StateOK, ms(next), resp.StatusCode, ms(now), ms(now), w.ID)
	if err != nil {
		s.c.Log.Warn("webhooks: recording a delivery", "webhook", w.ID, "err", err)
	}
}

// errText says in plain words why a POST got no answer: never the
// network library's text (nor the URL, which may hold credentials).
func errText(err error) string {
	var dns *net.DNSError
	var op *net.OpError
	switch {
	case errors.Is(err, errPrivate):
		return "the endpoint's address is loopback, private or link-local, which this hub does not post to"
	case errors.As(err, &dns):
		return "the endpoint's host name was not found"
	case errors.Is(err, context.DeadlineExceeded) || os.IsTimeout(err):
		return "the endpoint did not answer in time"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "the endpoint refused the connection"
	case errors.As(err, &op) && op.Op == "dial":
		return "the endpoint could not be reached"
	case strings.Contains(err.Error(), "tls:") || strings.Contains(err.Error(), "x509:"):
		return "the endpoint's TLS certificate or handshake was refused"
	default:
		return "the connection to the endpoint failed"
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// settle moves w past events none of which it may read.
func (s *Service) settle(ctx context.Context, w Webhook, through int64, more bool) {
	next := time.Now().Add(s.c.Poll)
	if more {
		next = time.Now()
	}
	if _, err := s.c.DB.ExecContext(ctx, s.q("UPDATE webhooks SET delivered_through = $1, next_attempt_at = $2 WHERE id = $3"),
		through, ms(next), w.ID); err != nil {
		s.c.Log.Warn("webhooks: moving past events", "webhook", w.ID, "err", err)
	}
}

// suspend stops w for good: the credentials that registered it are no
// longer valid (why). It stays listed, SUSPENDED, until deleted.
func (s *Service) suspend(ctx context.Context, w Webhook, why fault.Text) {
	msg := "suspended: " + why.En + " (" + why.Zh + "); register the webhook again with valid credentials"
	now := time.Now()
	if _, err := s.c.DB.ExecContext(ctx, s.q(`UPDATE webhooks SET active = $1, state = $2, last_error = $3, last_attempt_at = $4 WHERE id = $5`),
		false, StateSuspended, truncate(msg, 500), ms(now), w.ID); err != nil {
		s.c.Log.Warn("webhooks: suspending", "webhook", w.ID, "err", err)
		return
	}
	s.c.Log.Warn("webhook suspended: the credentials that registered it are no longer valid", "webhook", w.ID, "agency", w.Agency, "why", why.En)
}

// Backoff returns the wait after attempts failures in a row: base doubled
// each time, at most an hour.
func Backoff(base time.Duration, attempts int) time.Duration {
	d := time.Duration(float64(base) * math.Pow(2, float64(max(attempts-1, 0))))
	if d > time.Hour || d <= 0 {
		return time.Hour
	}
	return d
}

// fail records a failed attempt and schedules the next.
func (s *Service) fail(ctx context.Context, w Webhook, first, last int64, n, status int, why string, took time.Duration) {
	attempts := w.Attempts + 1
	state := StateRetrying
	if attempts >= MaxAttempts {
		state = StateFailing
	}
	now := time.Now()
	s.recordAttempt(ctx, w, Delivery{FirstPosition: first, LastPosition: last, Events: n, Attempt: attempts, Status: status, Error: why, At: now, Took: took})
	if _, err := s.c.DB.ExecContext(ctx, s.q(`UPDATE webhooks SET state = $1, attempts = $2, next_attempt_at = $3, last_status = $4,
		last_error = $5, last_attempt_at = $6 WHERE id = $7`),
		state, attempts, ms(now.Add(Backoff(s.c.Backoff, attempts))), status, truncate(why, 500), ms(now), w.ID); err != nil {
		s.c.Log.Warn("webhooks: recording a failed delivery", "webhook", w.ID, "err", err)
	}
	s.c.Log.Info("webhook delivery failed; retrying", "webhook", w.ID, "attempt", attempts, "status", status, "why", why)
}

// recordAttempt appends d to w's deliveries.
func (s *Service) recordAttempt(ctx context.Context, w Webhook, d Delivery) {
	if _, err := s.c.DB.ExecContext(ctx, s.q(`INSERT INTO webhook_deliveries (webhook_id, first_pos, last_pos, events, attempt, ok, status, error, at, took_ms)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`),
		w.ID, d.FirstPosition, d.LastPosition, d.Events, d.Attempt, d.OK, d.Status, truncate(d.Error, 500), ms(d.At), d.Took.Milliseconds()); err != nil {
		s.c.Log.Warn("webhooks: recording an attempt", "webhook", w.ID, "err", err)
	}
}

// Sign returns the signature of body sent at ts under secret.
func Sign(secret, ts string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts))
	m.Write([]byte("."))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify reports whether sig is the signature of body sent at ts under
// secret (for receivers, and tests).
func Verify(secret, ts string, body []byte, sig string) bool {
	return hmac.Equal([]byte(Sign(secret, ts, body)), []byte(sig))
}

// record loads the record of e as the viewer of ctx and returns its
// UNCONDITIONAL fields; false when the viewer may not read it.
func (s *Service) record(ctx context.Context, e events.Event) (json.RawMessage, bool, error) {
	var row any
	var err error
	switch e.Entity {
	case events.Pairing:
		row, err = s.c.Client.Pairing.Get(ctx, e.ID)
	case events.Activity:
		row, err = s.c.Client.Activity.Get(ctx, e.ID)
	case events.Consultation:
		row, err = s.c.Client.Consultation.Get(ctx, e.ID)
	default:
		return nil, false, nil
	}
	if ent.IsNotFound(err) || errors.Is(err, privacy.Deny) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	b, err := json.Marshal(row)
	if err != nil {
		return nil, false, err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b, &fields); err != nil {
		return nil, false, err
	}
	classes := ent.FieldSharing[e.Entity]
	out := map[string]any{}
	for k, v := range fields {
		name := fault.APIName(k)
		if classes[name] != "UNCONDITIONAL" { // fail closed: unknown fields and edges stay out
			continue
		}
		if name == "id" || strings.HasSuffix(name, "ID") {
			var id int
			if json.Unmarshal(v, &id) == nil && id != 0 {
				out[name] = scalar.EncodeID(id)
				continue
			}
		}
		out[name] = v
	}
	rec, err := json.Marshal(out)
	return rec, err == nil, err
}
