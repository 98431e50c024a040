// Package outage tells the failures of a database that cannot serve just
// now (unreachable, starting up, disk full, read-only, busy) from other
// errors, and maps the database's own limits to client errors, for SQLite
// (modernc) and PostgreSQL (lib/pq) alike.
package outage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/lib/pq"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/wushehub/wushe/internal/fault"
)

// The reasons the database may not serve a request, for readiness and logs.
const (
	ReasonUnreachable = "unreachable"   // no connection: down, restarting, refused, reset
	ReasonStarting    = "starting up"   // PostgreSQL starting, shutting down or in recovery
	ReasonDiskFull    = "disk full"     // no space for the data or the write-ahead log
	ReasonReadOnly    = "read-only"     // read-only file, directory or server
	ReasonBusy        = "busy"          // locked, out of connections or memory, conflicting writers
	ReasonIO          = "storage fault" // an I/O error reading or writing the data
)

var downText = map[string]fault.Text{
	ReasonUnreachable: fault.T("the database cannot be reached just now; try again shortly", "暂时无法连接数据库，请稍后重试"),
	ReasonStarting:    fault.T("the database is starting up or shutting down; try again shortly", "数据库正在启动或关闭，请稍后重试"),
	ReasonDiskFull:    fault.T("the database has no disk space left and cannot take writes; try again later", "数据库磁盘空间已满，暂时无法写入，请稍后重试"),
	ReasonReadOnly:    fault.T("the database is read-only just now and cannot take writes; try again later", "数据库当前为只读，暂时无法写入，请稍后重试"),
	ReasonBusy:        fault.T("the database is busy; try again shortly", "数据库繁忙，请稍后重试"),
	ReasonIO:          fault.T("the database cannot read or write its storage just now; try again later", "数据库存储暂时无法读写，请稍后重试"),
}

// Fault returns the client-visible class of a database failure in err's
// chain: UNAVAILABLE (with its reason) when the database cannot serve just
// now, BAD_USER_INPUT when a statement built from the client's input
// exceeds a limit of the database, QUERY_TOO_COMPLEX when it was cancelled
// for taking too long; nil when err is not such a failure.
func Fault(err error) *fault.Error {
	if err == nil {
		return nil
	}
	if reason := Reason(err); reason != "" {
		return fault.Down(downText[reason], err)
	}
	var pqe *pq.Error
	if errors.As(err, &pqe) {
		switch {
		case pqe.Code == "22021" || pqe.Code == "22P05": // character not in repertoire (NUL), untranslatable
			return &fault.Error{Code: fault.BadUserInput, Text: fault.T("text contains a character that cannot be stored (such as NUL)", "文本含有无法保存的字符（如NUL）"), Err: err}
		case pqe.Code == "54000" || pqe.Code == "54001" || pqe.Code == "54011" || pqe.Code == "54023": // program limits
			return &fault.Error{Code: fault.BadUserInput, Text: fault.T("the request exceeds a limit of the database: ask for less", "请求超出数据库的限制：请缩小范围"), Err: err}
		case pqe.Code == "57014": // query_canceled
			return &fault.Error{Code: fault.QueryTooComplex, Text: fault.T("the request took longer than the server allows; ask for less", "请求耗时超过服务器上限；请缩小查询范围"), Err: err}
		}
		return nil
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		msg := se.Error()
		switch {
		case se.Code()&0xff == sqlite3.SQLITE_TOOBIG,
			strings.Contains(msg, "too many SQL variables"),
			strings.Contains(msg, "LIKE or GLOB pattern too complex"),
			strings.Contains(msg, "Expression tree is too large"),
			strings.Contains(msg, "too many terms in compound SELECT"),
			strings.Contains(msg, "parser stack overflow"):
			return &fault.Error{Code: fault.BadUserInput, Text: fault.T("the request exceeds a limit of the database: ask for less", "请求超出数据库的限制：请缩小范围"), Err: err}
		case se.Code()&0xff == sqlite3.SQLITE_INTERRUPT:
			return &fault.Error{Code: fault.QueryTooComplex, Text: fault.T("the request took longer than the server allows; ask for less", "请求耗时超过服务器上限；请缩小查询范围"), Err: err}
		}
	}
	return nil
}

// Reason returns why err says the database cannot serve just now
// (one of the Reason constants), or "" when it does not.
func Reason(err error) string {
	if err == nil {
		return ""
	}
	var pqe *pq.Error
	if errors.As(err, &pqe) {
		switch {
		case pqe.Code.Class() == "08": // connection exception
			return ReasonUnreachable
		case pqe.Code == "57P01" || pqe.Code == "57P02" || pqe.Code == "57P03" || pqe.Code == "57P04": // shutdown, crash, cannot connect now
			return ReasonStarting
		case pqe.Code == "53100": // disk full
			return ReasonDiskFull
		case pqe.Code.Class() == "53": // out of memory, too many connections
			return ReasonBusy
		case pqe.Code == "25006": // read-only transaction (a standby, or default_transaction_read_only)
			return ReasonReadOnly
		case pqe.Code == "40001" || pqe.Code == "40P01" || pqe.Code == "55P03": // serialization, deadlock, lock not available
			return ReasonBusy
		case pqe.Code.Class() == "58": // system error: I/O
			return ReasonIO
		case pqe.Code == "XX000" && strings.Contains(pqe.Message, "cannot assign TransactionIds during recovery"):
			return ReasonReadOnly
		}
		return ""
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_FULL:
			return ReasonDiskFull
		case sqlite3.SQLITE_READONLY:
			return ReasonReadOnly
		case sqlite3.SQLITE_CANTOPEN:
			return ReasonUnreachable
		case sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
			return ReasonIO
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_NOMEM, sqlite3.SQLITE_PROTOCOL:
			return ReasonBusy
		}
		return ""
	}
	var ne net.Error
	var oe *net.OpError
	switch {
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, io.ErrUnexpectedEOF), errors.As(err, &oe):
		return ReasonUnreachable
	case errors.As(err, &ne) && ne.Timeout() && !errors.Is(err, context.DeadlineExceeded):
		return ReasonUnreachable
	case errors.Is(err, syscall.ENOSPC):
		return ReasonDiskFull
	case errors.Is(err, syscall.EROFS):
		return ReasonReadOnly
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "sql: database is closed"), strings.HasSuffix(msg, ": EOF"), msg == "EOF",
		strings.Contains(msg, "driver: bad connection"):
		return ReasonUnreachable
	// SQLite's own messages, for errors that reach here as text only
	// (formatted with %v on the way): "database or disk is full (13)",
	// "attempt to write a readonly database (8)", "disk I/O error (10)".
	case strings.Contains(msg, "database or disk is full"):
		return ReasonDiskFull
	case strings.Contains(msg, "attempt to write a readonly database"), strings.Contains(msg, "read-only file system"):
		return ReasonReadOnly
	case strings.Contains(msg, "disk I/O error"):
		return ReasonIO
	}
	return ""
}
