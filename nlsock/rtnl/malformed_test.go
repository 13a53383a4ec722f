package rtnl

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock"
)

// An attribute of a wrong length is listed in Malformed and never decoded
// as a value: the field stays unset, and the attributes around it decode.
func TestMalformedAttrs(t *testing.T) {
	for _, tc := range []struct {
		name    string
		msgType uint16
		hdr     int
		attr    uint16
		data    []byte
		want    string
		unset   func(any) bool
	}{
		{"link mtu of 2 bytes", RTM_NEWLINK, IfInfoMsgLen, IFLA_MTU, []byte{5, 0}, "IFLA_MTU: 2 bytes, want 4",
			func(o any) bool { return o.(*Link).MTU == 0 }},
		{"link operstate of 4 bytes", RTM_NEWLINK, IfInfoMsgLen, IFLA_OPERSTATE, []byte{6, 0, 0, 0}, "IFLA_OPERSTATE: 4 bytes, want 1",
			func(o any) bool { return o.(*Link).OperState == 0 }},
		{"short link stats", RTM_NEWLINK, IfInfoMsgLen, IFLA_STATS64, make([]byte, 16), "IFLA_STATS64: 16 bytes, want at least 184",
			func(o any) bool { return !o.(*Link).HasStats }},
		{"IPv4 address of 3 bytes", RTM_NEWADDR, IfAddrMsgLen, IFA_ADDRESS, []byte{10, 0, 0}, "IFA_ADDRESS: 3 bytes, want 4 or 16",
			func(o any) bool { return !o.(*Address).Address.IsValid() }},
		{"address cacheinfo of 8 bytes", RTM_NEWADDR, IfAddrMsgLen, IFA_CACHEINFO, make([]byte, 8), "IFA_CACHEINFO: 8 bytes, want at least 16",
			func(o any) bool { return !o.(*Address).HasCacheInfo }},
		{"route oif of 2 bytes", RTM_NEWROUTE, RtMsgLen, RTA_OIF, []byte{3, 0}, "RTA_OIF: 2 bytes, want 4",
			func(o any) bool { return o.(*Route).OIF == 0 }},
		{"route dst of 3 bytes", RTM_NEWROUTE, RtMsgLen, RTA_DST, []byte{10, 1, 2}, "RTA_DST: 3 bytes, want 4 or 16",
			func(o any) bool { return !o.(*Route).Dst.IsValid() }},
		{"route table of 8 bytes", RTM_NEWROUTE, RtMsgLen, RTA_TABLE, make([]byte, 8), "RTA_TABLE: 8 bytes, want 4",
			func(o any) bool { return o.(*Route).Table == 0 }},
		{"neighbour dst of 5 bytes", RTM_NEWNEIGH, NdMsgLen, NDA_DST, make([]byte, 5), "NDA_DST: 5 bytes, want 4 or 16",
			func(o any) bool { return !o.(*Neighbour).Dst.IsValid() }},
		{"neighbour vlan of 4 bytes", RTM_NEWNEIGH, NdMsgLen, NDA_VLAN, make([]byte, 4), "NDA_VLAN: 4 bytes, want 2",
			func(o any) bool { return o.(*Neighbour).VLAN == 0 }},
		{"rule priority of 2 bytes", RTM_NEWRULE, FibRuleHdrLen, FRA_PRIORITY, []byte{1, 0}, "FRA_PRIORITY: 2 bytes, want 4",
			func(o any) bool { return !o.(*Rule).HasPriority }},
		{"rule fwmark of 1 byte", RTM_NEWRULE, FibRuleHdrLen, FRA_FWMARK, []byte{1}, "FRA_FWMARK: 1 byte, want 4",
			func(o any) bool { return !o.(*Rule).HasFwMark }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := payload(t, make([]byte, tc.hdr), func(e *nlsock.AttrEncoder) {
				e.Raw(tc.attr, tc.data)
				e.Raw(62, []byte{1}) // an attribute after it still decodes (as unknown)
			})
			obj, err := Decode(tc.msgType, b)
			if err != nil {
				t.Fatal(err)
			}
			got := fmt.Sprint(malformedOf(obj))
			if got != "["+tc.want+"]" {
				t.Errorf("Malformed = %s, want [%s]", got, tc.want)
			}
			if !tc.unset(obj) {
				t.Errorf("the field of the malformed attribute was set: %+v", obj)
			}
			// explain asks ynl's one length rule, and wants the same,
			// but of a struct that has grown since old kernels (stats64)
			a, _ := schemas[ObjectOf(tc.msgType)].set().ByType(tc.attr)
			_, want, _ := strings.Cut(tc.want, ", want ")
			if p := a.LengthProblem(len(tc.data)); !strings.HasSuffix(p, "want "+want) && tc.attr != IFLA_STATS64 {
				t.Errorf("the description's rule for %d bytes says %q", len(tc.data), p)
			}
		})
	}
	if _, bad := linkKind.table().Check(IFLA_MTU, 4); bad {
		t.Error("the link table flags a 4-byte IFLA_MTU")
	}
}

func malformedOf(obj any) []Malformed {
	switch o := obj.(type) {
	case *Link:
		return o.Malformed
	case *Address:
		return o.Malformed
	case *Route:
		return o.Malformed
	case *Neighbour:
		return o.Malformed
	case *Rule:
		return o.Malformed
	}
	return nil
}
