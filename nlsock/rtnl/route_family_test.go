package rtnl_test

import (
	"net/netip"
	"testing"

	"github.com/nlsh/nlsh/nlsock/rtnl"
)

// A default route takes its family from Family, else the gateway, else
// inet (as ip route); a Family that contradicts the destination or is
// neither inet nor inet6 is refused.
func TestRouteRequestFamily(t *testing.T) {
	for _, tc := range []struct {
		name    string
		r       rtnl.RouteSpec
		family  uint8
		wantErr bool
	}{
		{"default with nothing is inet", rtnl.RouteSpec{OIF: 2}, rtnl.AF_INET, false},
		{"default of family inet6", rtnl.RouteSpec{Family: rtnl.AF_INET6, OIF: 2}, rtnl.AF_INET6, false},
		{"default via a v6 gateway", rtnl.RouteSpec{Gateway: netip.MustParseAddr("fe80::1"), OIF: 2}, rtnl.AF_INET6, false},
		{"family against the destination", rtnl.RouteSpec{Family: rtnl.AF_INET6, Dst: netip.MustParsePrefix("10.0.0.0/8")}, 0, true},
		{"family against the gateway", rtnl.RouteSpec{Family: rtnl.AF_INET, Gateway: netip.MustParseAddr("fe80::1")}, 0, true},
		{"a family routes do not have", rtnl.RouteSpec{Family: 7}, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := rtnl.RouteAddRequest(tc.r)
			if tc.wantErr {
				if err == nil {
					t.Fatalf("no error; family %d", m.Payload[0])
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if m.Payload[0] != tc.family || m.Payload[1] != 0 {
				t.Errorf("rtm_family %d, rtm_dst_len %d; want %d, 0", m.Payload[0], m.Payload[1], tc.family)
			}
		})
	}
}
