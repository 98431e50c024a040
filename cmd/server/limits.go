package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/wushehub/wushe/graph"
	"github.com/wushehub/wushe/internal/server"
)

// protection reads the request limits from the environment; unset ones keep
// their defaults.
func protection(getenv func(string) string) (graph.Limits, server.Protection, error) {
	limits, prot := graph.DefaultLimits(), server.DefaultProtection()
	ints := []struct {
		env string
		dst *int
	}{
		{"WUSHE_MAX_DEPTH", &limits.MaxDepth},
		{"WUSHE_MAX_COST", &limits.MaxCost},
		{"WUSHE_MAX_ALIASES", &limits.MaxAliases},
		{"WUSHE_MAX_ROOT_FIELDS", &limits.MaxRootFields},
		{"WUSHE_MAX_DIRECTIVES", &limits.MaxDirectives},
		{"WUSHE_MAX_PAGE_SIZE", &limits.MaxPageSize},
		{"WUSHE_MAX_TOKENS", &limits.MaxTokens},
		{"WUSHE_MAX_FRAGMENTS", &limits.MaxFragments},
		{"WUSHE_MAX_DIRECTIVES_PER_LOCATION", &limits.MaxDirectivesPerLocation},
		{"WUSHE_MAX_EXPANDED", &limits.MaxExpanded},
		{"WUSHE_MAX_FIELD_REPEATS", &limits.MaxFieldRepeats},
		{"WUSHE_MAX_STRING_BYTES", &limits.MaxStringBytes},
		{"WUSHE_COST_LIST_SIZE", &limits.ListSize},
		{"WUSHE_RATE_BURST", &prot.Burst},
	}
	for _, i := range ints {
		if v := getenv(i.env); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n <= 0 {
				return limits, prot, fmt.Errorf("%s must be a positive integer, got %q", i.env, v)
			}
			*i.dst = n
		}
	}
	for _, b := range []struct {
		env string
		dst *int64
	}{{"WUSHE_MAX_BODY_BYTES", &limits.MaxBodyBytes}, {"WUSHE_MAX_UPLOAD_BYTES", &limits.MaxUploadBytes}} {
		if v := getenv(b.env); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n <= 0 {
				return limits, prot, fmt.Errorf("%s must be a positive number of bytes, got %q", b.env, v)
			}
			*b.dst = n
		}
	}
	// The schema is public (/schema.graphql): GraphiQL and tools may
	// introspect it without credentials unless the operator says not.
	limits.PublicIntrospection = true
	if v := getenv("WUSHE_PUBLIC_INTROSPECTION"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return limits, prot, fmt.Errorf("WUSHE_PUBLIC_INTROSPECTION must be true or false, got %q", v)
		}
		limits.PublicIntrospection = b
	}
	if v := getenv("WUSHE_RATE_LIMIT"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 {
			return limits, prot, fmt.Errorf("WUSHE_RATE_LIMIT must be operations per second (0 disables), got %q", v)
		}
		prot.RatePerSecond = f
	}
	if v := getenv("WUSHE_REQUEST_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return limits, prot, fmt.Errorf("WUSHE_REQUEST_TIMEOUT must be a duration like 30s, got %q", v)
		}
		prot.Timeout = d
	}
	if v := getenv("WUSHE_CORS_ORIGINS"); v != "" {
		for _, o := range strings.Split(v, ",") {
			if o = strings.TrimSpace(o); o != "" {
				prot.CORSOrigins = append(prot.CORSOrigins, o)
			}
		}
	}
	return limits, prot, nil
}

// shutdownGrace reads how long a shutdown lets requests in flight finish.
func shutdownGrace(getenv func(string) string) (time.Duration, error) {
	v := getenv("WUSHE_SHUTDOWN_GRACE")
	if v == "" {
		return 10 * time.Second, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("WUSHE_SHUTDOWN_GRACE must be a duration like 10s, got %q", v)
	}
	return d, nil
}
