package main

import (
	"io"
	"os"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

func countFDs(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		nlsocktest.Skipf(t, "no /proc/self/fd: %v", err)
	}
	return len(ents)
}

// TestExitClosesSockets checks that sockets a script leaves open are closed
// however it ends: normally, by an error, or by os.exit (even inside pcall).
func TestExitClosesSockets(t *testing.T) {
	tests := []struct {
		name string
		code string
		exit int
	}{
		{"end", `s = netlink.open("route") g = netlink.open("generic")`, 0},
		{"error", `s = netlink.open("route") error("x")`, 1},
		{"os.exit", `s = netlink.open("route") os.exit(5)`, 5},
		{"os.exit in pcall", `s = netlink.open("route") pcall(os.exit, 6)`, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := countFDs(t)
			if code := run([]string{"-e", tt.code}, nil, io.Discard, io.Discard); code != tt.exit {
				t.Fatalf("exit status %d, want %d", code, tt.exit)
			}
			if after := countFDs(t); after != before {
				t.Errorf("%d file descriptors before, %d after", before, after)
			}
		})
	}
}
