package nft

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
)

// beyondKernel are rules whose expressions this kernel lacks (queue, rt,
// flow_offload, dup in ip, the bridge meta keys) or that need anonymous
// sets, maps and objects: nft prints their bytecode in check mode (-c)
// before the kernel refuses them, so libnftnl's printer is still the
// oracle.
const beyondKernel = `
table ip x {
	flowtable ft { hook ingress priority 0; devices = { lo }; }
	set s { type ipv4_addr; timeout 1m; }
	chain c {
		type filter hook prerouting priority -150;
		queue num 1 bypass
		queue num 2-3 fanout
		rt mtu 1400
		tcp option maxseg size set rt mtu
		meta l4proto tcp flow add @ft
		ip daddr 1.2.3.4 dup to 5.6.7.8 device "lo"
		update @s { ip saddr timeout 30s }
		ip saddr vmap { 1.1.1.1 : accept, 2.2.2.2 : goto d }
		meta mark set ip saddr map { 1.1.1.1 : 1 }
		ip saddr . tcp dport { 1.2.3.4 . 22 } accept
		meta priority set 1:2
		ct helper set "h1"
		ct expiration 30s
		ct label 1
		ct direction original
		tcp option maxseg size set 1300
		meta mark set numgen random mod 10 offset 5
		ip option rr exists
		ipsec in reqid 1
	}
	chain d { }
}
table inet y {
	chain c { type filter hook input priority 0;
		exthdr hbh exists
		ip6 nexthdr icmpv6 reject
	}
}
table bridge b { chain c { type filter hook input priority 0; meta ibrname "br0" accept; vlan id 5 drop; }; }
`

// TestLinesOfExpressionsBeyondTheKernel: each line nft prints for those
// rules reads back (ParseExprLine), encodes, decodes and prints the same.
func TestLinesOfExpressionsBeyondTheKernel(t *testing.T) {
	path := nlsocktest.LookPath(t, "nft", "nftables")
	ns := nlsocktest.NewNamespace(t)
	p := filepath.Join(t.TempDir(), "beyond.nft")
	if err := os.WriteFile(p, []byte(beyondKernel), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	cmd := exec.Command(path, "--debug=netlink", "-c", "-f", p)
	cmd.Stdout = &out
	_ = ns.NetNS().Run(cmd) // the kernel refuses some; the bytecode is printed first
	seen := map[string]bool{}
	n := 0
	for _, line := range strings.Split(out.String(), "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "[ ") || !strings.HasSuffix(line, "]") {
			continue
		}
		n++
		x, err := ParseExprLine(line)
		if err != nil {
			t.Errorf("%s: %v", line, err)
			continue
		}
		seen[x.Name] = true
		back, err := DecodeExpr(x.Name, x.Data)
		if err != nil {
			t.Errorf("%s: decoding what it encodes to: %v", line, err)
			continue
		}
		if got := ExprLine(back); got != line {
			t.Errorf("read back and printed again:\n got %s\nwant %s", got, line)
		}
	}
	for _, name := range []string{"queue", "rt", "flow_offload", "dup", "dynset", "lookup", "byteorder", "exthdr", "numgen", "xfrm", "reject"} {
		if !seen[name] {
			t.Errorf("nft printed no %s expression (%d lines):\n%s", name, n, out.String())
		}
	}
}
