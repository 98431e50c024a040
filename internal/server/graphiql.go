package server

import (
	_ "embed"
	"net/http"
)

// graphiQLPage is GraphiQL with everything it needs inline (script, styles,
// fonts, Monaco's workers): one page that loads nothing but /graphql, built
// from web/ by `npm ci && npm run build`.
//
//go:embed graphiql/index.html
var graphiQLPage []byte

// graphiQL serves the GraphiQL page at / (7 MB, about 2 gzipped). Beyond
// its script and /graphql, its Content-Security-Policy allows inline styles,
// workers from blob: URLs, and images and fonts from data: URLs.
func graphiQL() http.HandlerFunc {
	return embeddedPage(graphiQLPage,
		"style-src 'unsafe-inline'", // Monaco and GraphiQL set styles at run time
		"worker-src blob:",          // Monaco's workers, bundled into the page
		"img-src 'self' data:",
		"font-src data:",
	)
}
