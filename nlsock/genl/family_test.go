package genl

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/nlsh/nlsh/nlsock"
)

// nlctrlReply builds a CTRL_CMD_NEWFAMILY payload like the kernel sends for
// nlctrl itself.
func nlctrlReply(t testing.TB) []byte {
	t.Helper()
	var e nlsock.AttrEncoder
	e.String(AttrFamilyName, "nlctrl")
	e.Uint16(AttrFamilyID, CtrlID)
	e.Uint32(AttrVersion, 2)
	e.Uint32(AttrHdrSize, 0)
	e.Uint32(AttrMaxAttr, 10)
	e.Nest(AttrOps|nlsock.AttrNested, func(e *nlsock.AttrEncoder) {
		e.Nest(1|nlsock.AttrNested, func(e *nlsock.AttrEncoder) {
			e.Uint32(AttrOpID, 3)
			e.Uint32(AttrOpFlags, 0xe)
		})
		e.Nest(2|nlsock.AttrNested, func(e *nlsock.AttrEncoder) {
			e.Uint32(AttrOpID, 10)
			e.Uint32(AttrOpFlags, 0xc)
		})
	})
	e.Nest(AttrMcastGroups|nlsock.AttrNested, func(e *nlsock.AttrEncoder) {
		e.Nest(1|nlsock.AttrNested, func(e *nlsock.AttrEncoder) {
			e.Uint32(AttrMcastGrpID, 0x10)
			e.String(AttrMcastGrpName, "notify")
		})
	})
	e.Uint32(99, 7) // unknown, kept raw
	if e.Err() != nil {
		t.Fatal(e.Err())
	}
	return append(Header{Command: CmdNewFamily, Version: 2}.Append(nil), e.Bytes()...)
}

func TestParseFamily(t *testing.T) {
	got, err := ParseFamily(nlctrlReply(t))
	if err != nil {
		t.Fatal(err)
	}
	want := Family{
		Header:  Header{Command: CmdNewFamily, Version: 2},
		ID:      CtrlID,
		Name:    "nlctrl",
		Version: 2,
		MaxAttr: 10,
		Ops:     []Op{{ID: 3, Flags: OpCapDo | OpCapDump | OpCapHasPolicy}, {ID: 10, Flags: OpCapDump | OpCapHasPolicy}},
		Groups:  []Group{{Name: "notify", ID: 0x10}},
		Unknown: []nlsock.Attr{{Type: 99, Data: []byte{7, 0, 0, 0}}},
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(nlsock.Attr{}, "Offset")); diff != "" {
		t.Errorf("ParseFamily (-want +got):\n%s", diff)
	}
	if id, ok := got.Group("notify"); !ok || id != 0x10 {
		t.Errorf("Group(notify) = %d, %v", id, ok)
	}
	if _, ok := got.Group("nope"); ok {
		t.Error("Group(nope) found")
	}
}

func TestParseFamilyMalformed(t *testing.T) {
	good := nlctrlReply(t)
	tests := []struct {
		name    string
		payload []byte
		wantErr string
	}{
		{"empty", nil, "genlmsghdr needs 4 bytes"},
		{"short id", append(Header{}.Append(nil), 5, 0, 1, 0, 9), "CTRL_ATTR_FAMILY_ID: 1 byte, want 2"},
		{"truncated", good[:len(good)-3], "exceeds"},
		{"bad nested op", badOps(), "CTRL_ATTR_OPS: CTRL_ATTR_OP_ID: 1 byte, want 4"},
		{"two short attributes", append(Header{}.Append(nil), append(nlsock.AppendAttr(nil, AttrFamilyID, []byte{9}), nlsock.AppendAttr(nil, AttrVersion, []byte{1})...)...),
			"CTRL_ATTR_FAMILY_ID: 1 byte, want 2; CTRL_ATTR_VERSION: 1 byte, want 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseFamily(tt.payload)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("err %q is not one line", err)
			}
		})
	}
}

func TestOpFlagsNames(t *testing.T) {
	tests := []struct {
		flags OpFlags
		want  []string
	}{
		{0, []string{}},
		{OpAdminPerm | OpCapDo, []string{"admin-perm", "cmd-cap-do"}},
		{0xe, []string{"cmd-cap-do", "cmd-cap-dump", "cmd-cap-haspol"}},
		{OpUnsAdminPerm | 0x40, []string{"uns-admin-perm", "0x40"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, tt.flags.Names()); diff != "" {
			t.Errorf("%#x.Names() (-want +got):\n%s", uint32(tt.flags), diff)
		}
	}
	if s := OpFlags(3).String(); s != "admin-perm,cmd-cap-do" {
		t.Errorf("String() = %q", s)
	}
}

func TestHeaderRoundTrip(t *testing.T) {
	h := Header{Command: 7, Version: 3, Reserved: 0x102}
	got, rest, err := ParseHeader(append(h.Append(nil), 1, 2))
	if err != nil || got != h || len(rest) != 2 {
		t.Fatalf("ParseHeader = %+v, %v, %v", got, rest, err)
	}
}

func TestNames(t *testing.T) {
	if CmdName(CmdGetPolicy) != "CTRL_CMD_GETPOLICY" || CmdName(200) != "" {
		t.Error("CmdName")
	}
	if AttrName(AttrMcastGroups) != "CTRL_ATTR_MCAST_GROUPS" || AttrName(0) != "" || AttrName(500) != "" {
		t.Error("AttrName")
	}
	if AttrType(12).String() != "nul-string" || AttrType(99).String() != "type 99" {
		t.Error("AttrType.String")
	}
}

// badOps has an operation whose CTRL_ATTR_OP_ID is one byte long.
func badOps() []byte {
	var e nlsock.AttrEncoder
	e.Nest(AttrOps|nlsock.AttrNested, func(e *nlsock.AttrEncoder) {
		e.Nest(1|nlsock.AttrNested, func(e *nlsock.AttrEncoder) { e.Uint8(AttrOpID, 3) })
	})
	return append(Header{}.Append(nil), e.Bytes()...)
}
