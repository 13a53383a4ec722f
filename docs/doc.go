// Package docs holds nlsh's reference of every Lua function, method and
// object field (reference.md), embedded so that the binary's help, the
// manual page and the completeness test all read the same text. The
// layout of reference.md is strict; runtime/help parses it.
package docs

import _ "embed" // for go:embed

// Reference is the text of reference.md.
//
//go:embed reference.md
var Reference string
