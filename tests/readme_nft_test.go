package tests

import (
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// TestReadmeNftBytecodeSession: the output README shows for
// examples/nft_bytecode.lua is what it prints (nft's own bytecode print
// included, checked inside the script).
func TestReadmeNftBytecodeSession(t *testing.T) {
	nlsocktest.RequireRoot(t)
	shown := readmeBlockAfter(t, "```\n$ nlsh examples/nft_bytecode.lua\n", "a session of examples/nft_bytecode.lua")
	r := runNlsh(t, "..", time.Minute, "examples/nft_bytecode.lua")
	if r.code != 0 || r.stdout != shown {
		t.Errorf("examples/nft_bytecode.lua: exit %d, stderr %q\n--- printed\n%s--- README shows\n%s", r.code, r.stderr, r.stdout, shown)
	}
}
