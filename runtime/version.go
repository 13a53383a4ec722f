package runtime

import "runtime/debug"

// version is nlsh's own version.
const version = "0.1.0"

// Version is the --version line: nlsh's version and the Lua it embeds.
func Version() string {
	lua := "gopher-lua"
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "github.com/yuin/gopher-lua" {
				lua += " " + d.Version
			}
		}
	}
	return "nlsh " + version + " (" + lua + ", Lua 5.1 with string.pack)"
}
