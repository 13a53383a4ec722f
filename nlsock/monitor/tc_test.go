package monitor_test

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock/monitor"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// TestTcEvents: qdisc, class and filter changes made by tc arrive decoded
// through the tc description, in text ("+qdisc tbf 10: ... options
// {...}") and in JSON (handles as tc writes them, options by name).
func TestTcEvents(t *testing.T) {
	if _, err := exec.LookPath("tc"); err != nil {
		t.Skip("tc (iproute2) not installed")
	}
	ns := nlsocktest.NewNamespace(t).NetNS()
	run := func(name string, args ...string) {
		t.Helper()
		cmd := exec.Command(name, args...)
		var out strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := ns.Run(cmd); err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out.String())
		}
	}
	run("ip", "link", "add", "v0", "type", "veth", "peer", "name", "v1")
	m := openMonitor(t, monitor.Options{NetNS: ns}, "tc")
	run("tc", "qdisc", "add", "dev", "v0", "root", "handle", "1:", "htb", "default", "20")
	run("tc", "class", "add", "dev", "v0", "parent", "1:", "classid", "1:20", "htb", "rate", "1mbit")
	run("tc", "qdisc", "add", "dev", "v0", "parent", "1:20", "handle", "20:", "pfifo", "limit", "42")
	run("tc", "filter", "add", "dev", "v0", "parent", "1:", "protocol", "ip", "prio", "3", "u32", "match", "u32", "0", "0", "flowid", "1:20")
	run("tc", "qdisc", "del", "dev", "v0", "parent", "1:20", "handle", "20:")
	want := map[string]string{
		"RTM_NEWQDISC pfifo": "+qdisc pfifo 20: ifindex ",
		"RTM_DELQDISC pfifo": "-qdisc pfifo 20: ifindex ",
		"RTM_NEWTCLASS htb":  "+class htb 1:20 ifindex ",
		"RTM_NEWTFILTER u32": "+filter u32 ",
	}
	got := map[string]string{}
	jsons := map[string]map[string]any{}
	ctx := testCtx(t, 10*time.Second)
	for len(got) < len(want) {
		ev, err := m.Next(ctx)
		if err != nil {
			t.Fatalf("%v (seen %v)", err, got)
		}
		var j map[string]any
		if err := json.Unmarshal(monitor.AppendJSON(nil, &ev), &j); err != nil {
			t.Fatal(err)
		}
		val, _ := j["value"].(map[string]any)
		key := ev.Type + " " + stringOf(val["kind"])
		if _, ok := want[key]; ok {
			got[key] = ev.Text
			jsons[key] = val
		}
	}
	for k, w := range want {
		if !strings.HasPrefix(got[k], w) {
			t.Errorf("%s: %q, want it to start %q", k, got[k], w)
		}
	}
	if s := got["RTM_NEWQDISC pfifo"]; !strings.Contains(s, "parent 1:20 options {limit 42}") {
		t.Errorf("pfifo event %q lacks its parent and decoded options", s)
	}
	if o, _ := jsons["RTM_NEWQDISC pfifo"]["options"].(map[string]any); o["limit"] != float64(42) || jsons["RTM_NEWQDISC pfifo"]["handle"] != "20:" {
		t.Errorf("pfifo json %v", jsons["RTM_NEWQDISC pfifo"])
	}
	if o, _ := jsons["RTM_NEWTFILTER u32"]["options"].(map[string]any); o["classid"] != float64(0x10020) || jsons["RTM_NEWTFILTER u32"]["pref"] != float64(3) {
		t.Errorf("u32 json %v", jsons["RTM_NEWTFILTER u32"])
	}
	if p, _ := jsons["RTM_NEWTCLASS htb"]["options"].(map[string]any)["parms"].(map[string]any); p == nil || p["rate"].(map[string]any)["rate"] != float64(125000) {
		t.Errorf("htb class json %v", jsons["RTM_NEWTCLASS htb"])
	}
}

func stringOf(v any) string { s, _ := v.(string); return s }
