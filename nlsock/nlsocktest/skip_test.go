package nlsocktest_test

import (
	"fmt"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// recorder is a testing.TB that records the first Fatalf or Skip instead
// of ending the test.
type recorder struct {
	testing.TB
	name string
	got  string
}

func (r *recorder) Name() string { return r.name }
func (r *recorder) Helper()      {}
func (r *recorder) Fatalf(format string, args ...any) {
	if r.got == "" {
		r.got = "fatal: " + fmt.Sprintf(format, args...)
	}
}
func (r *recorder) Skip(args ...any) {
	if r.got == "" {
		r.got = "skip: " + fmt.Sprint(args...)
	}
}

// TestSkipGate: under NLSH_REQUIRE_NETNS=1 a skip fails unless the test
// is on AllowedSkips; without it every skip skips.
func TestSkipGate(t *testing.T) {
	tests := []struct {
		require, name, want string
	}{
		{"1", "TestNftAgrees", "fatal: nft not installed (apt-get install nftables) (NLSH_REQUIRE_NETNS=1: a skip is a failure unless TestNftAgrees is on nlsocktest.AllowedSkips)"},
		{"1", "TestSuiteTiming", "skip: nft not installed (apt-get install nftables)"},
		{"1", "TestLua/harness.lua/skip_ends_a_case_as_skipped", "skip: nft not installed (apt-get install nftables)"},
		{"1", "TestLua/nfnl.lua/rules", "fatal: "},
		{"", "TestNftAgrees", "skip: nft not installed (apt-get install nftables)"},
	}
	t.Setenv("PATH", t.TempDir()) // no nft here
	for _, tt := range tests {
		t.Setenv(nlsocktest.RequireEnv, tt.require)
		r := &recorder{TB: t, name: tt.name}
		nlsocktest.LookPath(r, "nft", "nftables")
		if len(r.got) < len(tt.want) || r.got[:len(tt.want)] != tt.want {
			t.Errorf("%s=%q %s: %q, want %q", nlsocktest.RequireEnv, tt.require, tt.name, r.got, tt.want)
		}
	}
}
