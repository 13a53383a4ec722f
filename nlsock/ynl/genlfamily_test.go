package ynl

import (
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"golang.org/x/sys/unix"
)

// getfamilyReply is a CTRL_CMD_NEWFAMILY payload of family "demo" (id 30)
// with one multicast group whose attributes are the bytes group.
func getfamilyReply(group []byte) []byte {
	var e nlsock.AttrEncoder
	e.Uint16(1, 30)                                            // CTRL_ATTR_FAMILY_ID
	e.String(2, "demo")                                        // CTRL_ATTR_FAMILY_NAME
	e.Uint32(3, 1)                                             // CTRL_ATTR_VERSION
	e.Nest(7, func(e *nlsock.AttrEncoder) { e.Raw(1, group) }) // CTRL_ATTR_MCAST_GROUPS
	h := nlsock.GenlHeader{Command: 1, Version: nlsock.GenlCtrlVersion}
	return append(h.Append(nil), e.Bytes()...)
}

// groupAttrs writes a multicast group's name and id (id of idLen bytes).
func groupAttrs(name string, id uint32, idLen int) []byte {
	var e nlsock.AttrEncoder
	e.String(1, name) // CTRL_ATTR_MCAST_GRP_NAME
	if idLen == 2 {
		e.Uint16(2, uint16(id))
	} else {
		e.Uint32(2, id) // CTRL_ATTR_MCAST_GRP_ID
	}
	return e.Bytes()
}

func TestParseGenlFamily(t *testing.T) {
	f, err := parseGenlFamily(getfamilyReply(groupAttrs("events", 7, 4)))
	if err != nil {
		t.Fatal(err)
	}
	if f.ID != 30 || f.Name != "demo" || f.Version != 1 {
		t.Errorf("family = %+v, want id 30, name demo, version 1", f)
	}
	if id, ok := f.Group("events"); !ok || id != 7 {
		t.Errorf("Group(events) = %d, %v; want 7, true (groups %+v)", id, ok, f.Groups)
	}
}

// A multicast group the reply spells wrong fails the lookup, naming what
// was wrong, instead of reaching the Client as a group of id 0 or a group
// without its last attributes.
func TestParseGenlFamilyMalformedGroup(t *testing.T) {
	for _, tc := range []struct {
		name  string
		group []byte
		want  string
	}{
		{"short id", groupAttrs("events", 7, 2), "CTRL_ATTR_MCAST_GROUPS: CTRL_ATTR_MCAST_GRP_ID: 2 bytes, want 4"},
		// two problems: one line, as every error of nlsh
		{"short id and name", append(groupAttrs("events", 7, 2), groupAttrs("x", 8, 2)...), "2 bytes, want 4; "},
		// an attribute header claiming 12 bytes where 6 are left
		{"truncated", append(groupAttrs("events", 7, 4), 12, 0, 3, 0, 'x', 'y'), "CTRL_ATTR_MCAST_GROUPS: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := parseGenlFamily(getfamilyReply(tc.group))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("parseGenlFamily = %+v, %v; want an error containing %q", f, err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("the error takes several lines: %q", err)
			}
		})
	}
}

// A process's first generic family lookup reads nlctrl's compiled
// attribute-sets, not its YAML: parsing nlctrl.yaml takes thousands of
// allocations (and a millisecond and more), the lookup about a hundred.
// Run in a fresh process, since another test may have loaded them.
func TestFirstGenlLookupParsesNoYAML(t *testing.T) {
	if os.Getenv("NLSH_GENL_LOOKUP_CHILD") != "1" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestFirstGenlLookupParsesNoYAML$", "-test.v")
		cmd.Env = append(os.Environ(), "NLSH_GENL_LOOKUP_CHILD=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("fresh process: %v\n%s", err, out)
		}
		return
	}
	s := nlsocktest.Open(t, unix.NETLINK_GENERIC, nlsock.Host())
	ctx := nlsocktest.Context(t, 10*time.Second)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f, err := resolveGenl(ctx, s, "nlctrl")
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if f.ID != nlsock.GenlCtrlID {
		t.Errorf("nlctrl's id = %d, want %d", f.ID, nlsock.GenlCtrlID)
	}
	if n := after.Mallocs - before.Mallocs; n > 1000 {
		t.Errorf("the first lookup made %d allocations: it parsed a description instead of loading compiled sets", n)
	}
}
