package luatest

import (
	"runtime"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlfake"
	"github.com/nlsh/nlsh/runtime/testrun"
)

// The main thread never leaves the host namespace.
func init() { runtime.LockOSThread() }

// onKernelOrFake returns opts for luatest's own tests: each file in a
// fresh namespace as root (the proof, required under NLSH_REQUIRE_NETNS=1);
// without root, each on a fresh fake kernel answering as a fresh namespace
// would, instead of skipping: they check the front end, not netlink.
func onKernelOrFake(t *testing.T, opts Options) Options {
	if nlfake.InsteadOfRoot() {
		opts.NewKernel = func() (testrun.Kernel, error) {
			k := nlfake.NewFresh(t)
			return testrun.Kernel{Open: k.OpenIn, Close: k.Close}, nil
		}
	}
	return opts
}

func TestCollect(t *testing.T) {
	tests := []struct {
		name      string
		arg       any
		wantFiles []string
		wantNames []string
		wantErr   bool
	}{
		{"directory", "../testrun/testdata", nil, nil, false},
		{"one file", "../testrun/testdata/nocases.lua", []string{"../testrun/testdata/nocases.lua"}, []string{"nocases.lua"}, false},
		{"files", []string{"../testrun/testdata/spin.lua", "../testrun/testdata/hang.lua"},
			[]string{"../testrun/testdata/spin.lua", "../testrun/testdata/hang.lua"}, []string{"spin.lua", "hang.lua"}, false},
		{"missing", "no/such/dir", nil, nil, true},
		{"wrong type", 42, nil, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, names, err := collect(tt.arg)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error: %v", err, tt.wantErr)
			}
			if tt.wantFiles == nil {
				if !tt.wantErr && (len(files) < 5 || names[0] != "cleanup.lua") {
					t.Errorf("directory: %v %v", files, names)
				}
				return
			}
			for i := range tt.wantFiles {
				if i >= len(files) || files[i] != tt.wantFiles[i] || names[i] != tt.wantNames[i] {
					t.Fatalf("got %v %v, want %v %v", files, names, tt.wantFiles, tt.wantNames)
				}
			}
		})
	}
}

// TestRun runs testdata files that pass (and one that skips) as subtests.
func TestRun(t *testing.T) {
	Run(t, []string{"../testrun/testdata/nocases.lua", "../testrun/testdata/topskip.lua"}, onKernelOrFake(t, Options{}))
}
