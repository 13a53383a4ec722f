package tests

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// TestReadmeNftBytecodeSession: the output README shows for
// examples/nft_bytecode.lua is what it prints (nft's own bytecode print
// included, checked inside the script).
func TestReadmeNftBytecodeSession(t *testing.T) {
	nlsocktest.RequireRoot(t)
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const intro = "```\n$ nlsh examples/nft_bytecode.lua\n"
	_, rest, ok := strings.Cut(string(readme), intro)
	if !ok {
		t.Fatalf("README no longer shows a session of examples/nft_bytecode.lua after %q", intro)
	}
	shown, _, _ := strings.Cut(rest, "```")
	r := runNlsh(t, "..", time.Minute, "examples/nft_bytecode.lua")
	if r.code != 0 || r.stdout != shown {
		t.Errorf("examples/nft_bytecode.lua: exit %d, stderr %q\n--- printed\n%s--- README shows\n%s", r.code, r.stderr, r.stdout, shown)
	}
}
