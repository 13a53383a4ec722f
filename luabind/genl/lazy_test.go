package genl

import (
	"os"
	"os/exec"
	"testing"

	"github.com/nlsh/nlsh/luabind/luabindtest"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
)

// Opening genl (as every start of nlsh does) must not parse the nlctrl
// description, whose parse costs more than the whole start: its constants
// are set on first use, and then read as uapi's genetlink.h has them.
// Run in a fresh process, since another test may already have parsed it.
func TestGenlOpenParsesNoDescription(t *testing.T) {
	if os.Getenv("NLSH_GENL_LAZY_CHILD") != "1" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestGenlOpenParsesNoDescription$", "-test.v")
		cmd.Env = append(os.Environ(), "NLSH_GENL_LAZY_CHILD=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("fresh process: %v\n%s", err, out)
		}
		return
	}
	if builtin.Parsed("nlctrl") {
		t.Fatal("nlctrl was parsed before genl was opened")
	}
	L, _ := newState(t, nlsock.Host())
	if builtin.Parsed("nlctrl") {
		t.Fatal("opening genl parsed the nlctrl description")
	}
	luabindtest.MustRun(t, L, `
		assert(rawget(genl, "CTRL_CMD_GETFAMILY") == nil and type(genl.request) == "function")
		assert(genl.CTRL_CMD_GETFAMILY == 3, genl.CTRL_CMD_GETFAMILY) -- genetlink.h
		assert(genl.CTRL_CMD_GETPOLICY == 10 and genl.CTRL_ATTR_FAMILY_NAME == 2)`)
	if !builtin.Parsed("nlctrl") {
		t.Error("the command names were read without the description: the check above cannot see a parse")
	}
}
