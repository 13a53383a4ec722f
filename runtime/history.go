//go:build linux

package runtime

import (
	"os"
	"path/filepath"
)

// HistoryLimit is how many lines the history file keeps.
const HistoryLimit = 1000

// HistoryPath is where the REPL keeps its history:
// $XDG_STATE_HOME/nlsh/history, or ~/.local/state/nlsh/history when
// XDG_STATE_HOME is unset or not absolute (as the XDG spec says). It returns
// "" when neither is known. getenv is os.Getenv outside tests.
func HistoryPath(getenv func(string) string) string {
	dir := getenv("XDG_STATE_HOME")
	if !filepath.IsAbs(dir) {
		home := getenv("HOME")
		if home == "" {
			return ""
		}
		dir = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(dir, "nlsh", "history")
}

// prepareHistory creates the history file's directory (0700, it may hold
// secrets typed at the prompt); it returns "" if that fails, and the REPL
// then runs without history.
func prepareHistory(path string) string {
	if path == "" {
		return ""
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return ""
	}
	return path
}
