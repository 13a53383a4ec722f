package explain

import (
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/genl"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"golang.org/x/sys/unix"
)

// TestExplainNamesNlctrlNests explains the kernel's own nlctrl replies (a
// family with operations and groups, and a policy dump) and checks that
// the members of every nest are named, through genl from the nlctrl
// description.
func TestExplainNamesNlctrlNests(t *testing.T) {
	ns := nlsocktest.NewNamespace(t).NetNS()
	s := nlsocktest.Open(t, unix.NETLINK_GENERIC, ns)
	ctx := nlsocktest.Context(t, 10*time.Second)
	var e nlsock.AttrEncoder
	e.String(genl.AttrFamilyName, genl.CtrlName)
	fam, err := genl.Execute(ctx, s, genl.CtrlID, genl.Header{Command: genl.CmdGetFamily, Version: 1}, 0, e.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	pol, err := genl.Execute(ctx, s, genl.CtrlID, genl.Header{Command: genl.CmdGetPolicy, Version: 1}, nlsock.FlagDump, e.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	text := Messages(append(fam.Messages, pol.Messages...), unix.NETLINK_GENERIC, Options{})
	nlsocktest.ContainsAll(t, "explained nlctrl replies", text,
		"CTRL_CMD_NEWFAMILY", "CTRL_CMD_GETPOLICY", "CTRL_ATTR_OPS", "CTRL_ATTR_OP_ID", "CTRL_ATTR_OP_FLAGS",
		"CTRL_ATTR_MCAST_GRP_NAME", "CTRL_ATTR_MCAST_GRP_ID", "CTRL_ATTR_OP_POLICY", "CTRL_ATTR_POLICY_DO",
		"CTRL_ATTR_POLICY_DUMP", "NL_POLICY_TYPE_ATTR_TYPE", "NL_POLICY_TYPE_ATTR_MAX_LENGTH")
}
