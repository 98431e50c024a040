package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"

	"github.com/lib/pq"
)

// The hub's PostgreSQL connections set lib/pq's binary_parameters: a
// statement with arguments then costs one round trip (parse, bind and
// execute sent together) instead of two (a prepare, then the execution).
// In that mode lib/pq sends []byte arguments in binary format, which
// PostgreSQL reads as the binary form of the parameter's type — for jsonb,
// a version byte and then the text. The hub has no bytea column: its
// []byte arguments are JSON, so textConn sends them as text.

// textConnector opens lib/pq connections that send []byte arguments as text.
type textConnector struct{ pq *pq.Connector }

func newTextConnector(dsn string) (driver.Connector, error) {
	c, err := pq.NewConnector(dsn)
	if err != nil {
		return nil, err
	}
	return textConnector{pq: c}, nil
}

func (c textConnector) Connect(ctx context.Context) (driver.Conn, error) {
	cn, err := c.pq.Connect(ctx)
	if err != nil {
		return nil, err
	}
	pc, ok := cn.(pqConn)
	if !ok {
		cn.Close()
		return nil, fmt.Errorf("lib/pq connection %T lacks the methods the hub uses", cn)
	}
	return textConn{pqConn: pc}, nil
}

func (c textConnector) Driver() driver.Driver { return c.pq.Driver() }

// pqConn is what database/sql uses of a lib/pq connection.
type pqConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.QueryerContext
	driver.ExecerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
	driver.NamedValueChecker
}

type textConn struct{ pqConn }

// CheckNamedValue converts an argument as database/sql would (lib/pq's
// own conversions first, then the driver package's default, which calls
// Valuers such as ent's JSON fields), then turns []byte into a string.
func (c textConn) CheckNamedValue(nv *driver.NamedValue) error {
	err := c.pqConn.CheckNamedValue(nv)
	if errors.Is(err, driver.ErrSkip) {
		var v driver.Value
		if v, err = driver.DefaultParameterConverter.ConvertValue(nv.Value); err == nil {
			nv.Value = v
		}
	}
	if err != nil {
		return err
	}
	if b, ok := nv.Value.([]byte); ok && b != nil {
		nv.Value = string(b)
	}
	return nil
}
