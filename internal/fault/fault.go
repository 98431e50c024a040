// Package fault defines the client-visible error classes of the hub and their
// messages in English and Chinese.
//
// Every failure a client may see is an *Error with a Code (the GraphQL
// extensions.code), the input field it concerns, and a message in both
// languages. Anything else is an internal error: logged, and shown to the
// client only as "internal error".
package fault

import (
	"errors"
	"fmt"
)

// Code is the class of a client-visible error, sent as extensions.code.
type Code string

// The error classes of the public contract (DESIGN.md "Public contract").
const (
	Unauthenticated Code = "UNAUTHENTICATED"
	Forbidden       Code = "FORBIDDEN"
	BadUserInput    Code = "BAD_USER_INPUT"
	NotFound        Code = "NOT_FOUND"
	Conflict        Code = "CONFLICT"
	RateLimited     Code = "RATE_LIMITED"
	QueryTooComplex Code = "QUERY_TOO_COMPLEX"
	// Unavailable: the database cannot answer or cannot take writes just
	// now (unreachable, starting up, disk full, read-only); HTTP 503 with
	// Retry-After. Never a client's fault, never its credentials'.
	Unavailable Code = "UNAVAILABLE"
	Internal    Code = "INTERNAL"
)

// Text is a message in the two languages the hub speaks.
type Text struct {
	En string `json:"en"`
	Zh string `json:"zh"`
}

// T formats a message in English and Chinese with the same arguments.
func T(en, zh string, args ...any) Text {
	if len(args) == 0 {
		return Text{En: en, Zh: zh}
	}
	return Text{En: fmt.Sprintf(en, args...), Zh: fmt.Sprintf(zh, args...)}
}

// In returns the text in lang.
func (t Text) In(lang Lang) string {
	if lang == Chinese && t.Zh != "" {
		return t.Zh
	}
	return t.En
}

// Error is a client-visible failure.
type Error struct {
	Code  Code   // class, sent as extensions.code
	Field string // input field concerned, as named in the API ("" when none)
	Text  Text   // what went wrong, without the field name
	Err   error  // cause, for logs; never shown to clients
}

// Error returns the English message, prefixed with the field when there is one.
func (e *Error) Error() string { return e.Message(English) }

// internalText is what a client reads of an error of no known class.
var internalText = Text{En: "internal error", Zh: "内部错误"}

// Message returns the message in lang, prefixed with the field when there
// is one. A nil or empty error reads "internal error": building a message
// never fails.
func (e *Error) Message(lang Lang) string {
	if e == nil {
		return internalText.In(lang)
	}
	msg := e.Text.In(lang)
	if msg == "" {
		msg = internalText.In(lang)
	}
	if e.Field == "" {
		return msg
	}
	if lang == Chinese {
		return e.Field + "：" + msg
	}
	return e.Field + ": " + msg
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

// BadInput reports invalid input in field.
func BadInput(field string, text Text) *Error {
	return &Error{Code: BadUserInput, Field: field, Text: text}
}

// Conflicting reports input that contradicts the current state of the data.
func Conflicting(field string, text Text) *Error {
	return &Error{Code: Conflict, Field: field, Text: text}
}

// Missing reports that the object named by field does not exist (or is not
// visible to the viewer: the two are never told apart).
func Missing(field string, text Text) *Error {
	return &Error{Code: NotFound, Field: field, Text: text}
}

// Denied reports that the viewer may not do what it asked.
func Denied(text Text) *Error {
	return &Error{Code: Forbidden, Text: text}
}

// Unauthorized reports missing or invalid credentials.
func Unauthorized(text Text) *Error {
	return &Error{Code: Unauthenticated, Text: text}
}

// Down reports that the database cannot serve the request just now; cause
// is kept for the logs.
func Down(text Text, cause error) *Error {
	return &Error{Code: Unavailable, Text: text, Err: cause}
}

// As returns the *Error in err's chain, if any (never a nil *Error).
func As(err error) (*Error, bool) {
	var fe *Error
	if errors.As(err, &fe) && fe != nil {
		return fe, true
	}
	return nil, false
}

// CodeOf returns the class of err: the Code of its *Error, or Internal.
func CodeOf(err error) Code {
	if fe, ok := As(err); ok {
		return fe.Code
	}
	return Internal
}
