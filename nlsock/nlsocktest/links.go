//go:build linux

package nlsocktest

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
)

// WaitCarrier waits until every veth of ns shows the carrier its state
// implies: up with its peer up means LOWER_UP (operstate UP), up with its
// peer down means no LOWER_UP. The kernel sets carrier from its link
// watcher after "link set up" has returned (up to a second later), so two
// dumps taken before then may rightly differ; a test comparing two views
// of the links waits for this first. It reads `ip -j -d link`, so it is
// independent of the code under test.
func WaitCarrier(tb testing.TB, ns nlsock.NetNS) {
	tb.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		pending, err := vethsWithoutCarrierYet(ns)
		if err != nil {
			tb.Fatalf("ip -j -d link: %v", err)
		}
		if len(pending) == 0 {
			return
		}
		if time.Now().After(deadline) {
			tb.Fatalf("veths whose carrier never followed their state: %s", strings.Join(pending, ", "))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

type ipLink struct {
	Name     string   `json:"ifname"`
	Flags    []string `json:"flags"`
	Peer     string   `json:"link"` // a veth's peer, when in the same namespace
	Oper     string   `json:"operstate"`
	LinkInfo struct {
		Kind string `json:"info_kind"`
	} `json:"linkinfo"`
}

func vethsWithoutCarrierYet(ns nlsock.NetNS) ([]string, error) {
	var out bytes.Buffer
	cmd := exec.Command("ip", "-j", "-d", "link", "show")
	cmd.Stdout = &out
	if err := ns.Run(cmd); err != nil {
		return nil, err
	}
	return vethsPending(out.Bytes())
}

// vethsPending reads `ip -j -d link` output and names the veths whose
// carrier or operstate does not yet follow their state and their peer's.
func vethsPending(ipJSON []byte) ([]string, error) {
	var links []ipLink
	if err := json.Unmarshal(ipJSON, &links); err != nil {
		return nil, err
	}
	up := map[string]bool{}
	for _, l := range links {
		up[l.Name] = slices.Contains(l.Flags, "UP")
	}
	var pending []string
	for _, l := range links {
		peerUp, peerHere := up[l.Peer]
		// A peer in another namespace is not seen here: its carrier is
		// not waited for.
		if l.LinkInfo.Kind != "veth" || !up[l.Name] || !peerHere {
			continue
		}
		// The flags follow the carrier at once, the operstate through the
		// kernel's linkwatch, up to a second later: wait for both.
		if slices.Contains(l.Flags, "LOWER_UP") != peerUp || peerUp != (l.Oper == "UP") {
			pending = append(pending, l.Name)
		}
	}
	return pending, nil
}
