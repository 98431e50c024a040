package server

import (
	_ "embed"
	"net/http"
)

// dashboardPage is the dashboard (看板) with everything it needs inline
// (script, ECharts, styles): one page that loads nothing but /graphql, built
// from web/ by `npm ci && npm run build`.
//
//go:embed dashboard/index.html
var dashboardPage []byte

// dashboard serves the dashboard page at /dashboard. Beyond its script and
// /graphql, its Content-Security-Policy allows inline styles (ECharts
// styles its SVG) and images from data: URLs: no workers, frames or fonts.
func dashboard() http.HandlerFunc {
	return embeddedPage(dashboardPage,
		"style-src 'unsafe-inline'", // the page's styles and ECharts' SVG styles
		"img-src data:",
	)
}
