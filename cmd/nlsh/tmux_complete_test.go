package main

import (
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// TestTmuxCompletion types at the prompt as a user does and presses Tab:
// family names, operations and the request's attribute names come from the
// kernel's spec files (--specs), through a chained ynl.family("netdev") and
// through a variable holding the family.
func TestTmuxCompletion(t *testing.T) {
	nlsocktest.RequireRoot(t) // ynl.family opens a generic netlink socket
	specs := nlsocktest.KernelSpecs(t)
	w := startTmux(t, 120, 30, nlshCommand(t, nil, "--specs", specs))
	w.waitFor(">\n")
	tab := func(typed, want string) {
		t.Helper()
		w.tmux("send-keys", "-l", typed)
		w.tmux("send-keys", "Tab")
		w.waitFor("> " + want + "\n")
	}
	tab(`ynl.family("netd`, `ynl.family("netdev"`)
	tab(`):call("dev-g`, `ynl.family("netdev"):call("dev-get"`)
	tab(`, {if`, `ynl.family("netdev"):call("dev-get", {ifindex =`)
	w.line(`1}).ifindex`)
	w.waitFor("> ynl.family(\"netdev\"):call(\"dev-get\", {ifindex = 1}).ifindex\n1\n")

	w.line(`nd = ynl.family("netdev")`)
	tab(`#nd:dump("qu`, `#nd:dump("queue-get"`)
	tab(`, {`, `#nd:dump("queue-get", {ifindex =`)
	w.line(`1})`)
	w.waitFor("> #nd:dump(\"queue-get\", {ifindex = 1})\n2\n") // lo: a queue each way
}
