package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// TestOutOfDescriptors: a script that uses up its file descriptors (here
// with namespaces it never closes) gets EMFILE from io.open, and can go on
// once it frees some — never the Go runtime's "fatal error: netpollinit
// failed" with a stack trace.
func TestOutOfDescriptors(t *testing.T) {
	nlsocktest.RequireRoot(t)
	script := `local held = {}
while true do
	local ns, msg, errname = netns.new()
	if not ns then assert(errname == "EMFILE", tostring(msg)) break end
	held[#held + 1] = ns
end
local files = {}
while true do
	local f, msg = io.open("/proc/self/status")
	if not f then assert(msg:find("too many open files"), msg) break end
	files[#files + 1] = f
end
for _, ns in ipairs(held) do ns:close() end
for _, f in ipairs(files) do f:close() end
local f = assert(io.open("/proc/self/status"))
f:close()
local ok, out = netns.exec("host", {"true"})
assert(ok, "exec after freeing descriptors")
print("ok", #held > 10)`
	cmd := exec.Command("sh", "-c", `ulimit -n 64 && exec "$0" -e "$1"`, nlshBinary(t), script)
	out, err := cmd.CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "ok\ttrue" {
		t.Errorf("nlsh out of descriptors: %v\n%s", err, out)
	}
}
