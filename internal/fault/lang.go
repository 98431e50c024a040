package fault

import (
	"context"

	"golang.org/x/text/language"
)

// Lang is a language of messages.
type Lang int

// The languages messages are written in. English is the default.
const (
	English Lang = iota
	Chinese
)

var matcher = language.NewMatcher([]language.Tag{language.English, language.Chinese})

// ParseAcceptLanguage picks the message language for an Accept-Language
// header value; English when the header is empty, malformed or names neither.
func ParseAcceptLanguage(header string) Lang {
	if header == "" {
		return English
	}
	tags, _, err := language.ParseAcceptLanguage(header)
	if err != nil || len(tags) == 0 {
		return English
	}
	_, idx, conf := matcher.Match(tags...)
	if conf == language.No {
		return English
	}
	if idx == 1 {
		return Chinese
	}
	return English
}

type langKey struct{}

// WithLang returns ctx carrying the message language.
func WithLang(ctx context.Context, lang Lang) context.Context {
	return context.WithValue(ctx, langKey{}, lang)
}

// LangFrom returns the message language carried by ctx (English if none).
func LangFrom(ctx context.Context) Lang {
	if l, ok := ctx.Value(langKey{}).(Lang); ok {
		return l
	}
	return English
}
