// Package demo builds the demo district deterministically.
package demo

import (
	"context"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/internal/authz"
)

// Viewer is a demo viewer with a label for people.
type Viewer struct {
	Viewer authz.Viewer
	Label  string
}

// Load loads the demo.
func Load(ctx context.Context, client *ent.Client) (bool, error) { return false, nil }

// Viewers returns the demo viewers.
func Viewers() []Viewer {
	return []Viewer{{Viewer: authz.Viewer{Subject: "admin", Role: authz.PlatformAdmin}, Label: "platform"}}
}
