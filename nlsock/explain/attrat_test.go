package explain_test

import (
	"testing"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/explain"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"golang.org/x/sys/unix"
)

// AttrAt names the attribute that starts at an offset, nested ones by
// their path, the header field that covers an offset, and nothing for an
// offset where no attribute starts or past the end.
func TestAttrAt(t *testing.T) {
	body := make([]byte, 16) // ifinfomsg
	body = nlsock.AppendAttr(body, unix.IFLA_IFNAME, []byte("v0\x00"))
	body = nlsock.AppendAttr(body, unix.IFLA_LINKINFO|nlsock.AttrNested,
		nlsock.AppendAttr(nil, unix.IFLA_INFO_KIND, []byte("veth\x00")))
	req := msg(rtnl.RTM_NEWLINK, nlsock.FlagRequest|nlsock.FlagAck, body)
	for _, tc := range []struct {
		name string
		off  uint32
		want string
	}{
		{"top-level attribute", 32, "IFLA_IFNAME"},
		{"nested attribute", 44, "IFLA_LINKINFO > IFLA_INFO_KIND"},
		{"the nest itself", 40, "IFLA_LINKINFO"},
		{"a header field", 21, "ifinfomsg.ifi_index"},
		{"inside an attribute's data", 35, ""},
		{"past the end", 400, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := explain.AttrAt(req, unix.NETLINK_ROUTE, tc.off, explain.Options{}); got != tc.want {
				t.Errorf("AttrAt(%d) = %q, want %q", tc.off, got, tc.want)
			}
		})
	}
	if got := explain.AttrAt([]byte{1, 2}, unix.NETLINK_ROUTE, 0, explain.Options{}); got != "" {
		t.Errorf("AttrAt of 2 bytes = %q, want \"\"", got)
	}
}
