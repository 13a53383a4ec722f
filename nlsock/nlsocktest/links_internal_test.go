package nlsocktest

import (
	"slices"
	"testing"
)

// ip's own JSON for a veth pair caught between the two steps: LOWER_UP is
// set the moment both are up, the operstate only once linkwatch has run.
// WaitCarrier must still wait there (two dumps would differ in operstate).
func TestVethsPendingUntilOperstateUp(t *testing.T) {
	const lowerUpNotOperUp = `[
{"ifindex":2,"link":"b","ifname":"a","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"operstate":"LOWERLAYERDOWN","linkinfo":{"info_kind":"veth"}},
{"ifindex":3,"link":"a","ifname":"b","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"operstate":"UP","linkinfo":{"info_kind":"veth"}}]`
	got, err := vethsPending([]byte(lowerUpNotOperUp))
	if err != nil || !slices.Equal(got, []string{"a"}) {
		t.Errorf("pending = %q, %v; want [a]: a's operstate is not UP yet", got, err)
	}
	const settled = `[
{"ifindex":2,"link":"b","ifname":"a","flags":["UP","LOWER_UP"],"operstate":"UP","linkinfo":{"info_kind":"veth"}},
{"ifindex":3,"link":"a","ifname":"b","flags":["UP","LOWER_UP"],"operstate":"UP","linkinfo":{"info_kind":"veth"}}]`
	if got, err := vethsPending([]byte(settled)); err != nil || len(got) != 0 {
		t.Errorf("pending = %q, %v; want none", got, err)
	}
}
