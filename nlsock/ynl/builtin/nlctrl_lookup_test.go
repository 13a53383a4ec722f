package builtin

import (
	"testing"

	"golang.org/x/sys/unix"
)

// nlsock/ynl looks generic families up with the uapi number of
// CTRL_CMD_GETFAMILY (it reads nlctrl's compiled attribute-sets, which
// have no operations): the description must agree.
func TestGetfamilyCommand(t *testing.T) {
	op, err := MustSpec("nlctrl").Op("getfamily")
	if err != nil {
		t.Fatal(err)
	}
	if op.ReqValue != unix.CTRL_CMD_GETFAMILY {
		t.Errorf("nlctrl's getfamily sends command %d, nlsock/ynl sends CTRL_CMD_GETFAMILY (%d)", op.ReqValue, unix.CTRL_CMD_GETFAMILY)
	}
}
