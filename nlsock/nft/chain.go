//go:build linux

package nft

import "github.com/nlsh/nlsh/nlsock"

// Chain policies (the verdicts NF_DROP, NF_ACCEPT).
const (
	PolicyDrop   uint32 = 0
	PolicyAccept uint32 = 1
)

// Chain is one nf_tables chain; base chains have a Hook.
type Chain struct {
	Family    uint8
	Table     string
	Name      string
	Handle    uint64
	Hook      *Hook
	Policy    uint32 // PolicyDrop or PolicyAccept, if HasPolicy
	HasPolicy bool
	Type      string // "filter", "nat", "route" (base chains)
	Use       uint32 // references to the chain (rules jumping to it, ...)
	Flags     uint32 // NFT_CHAIN_BASE, NFT_CHAIN_HW_OFFLOAD, NFT_CHAIN_BINDING
	Packets   uint64 // NFTA_CHAIN_COUNTERS, if present
	Bytes     uint64
	ID        uint32
	Userdata  []byte
	Unknown   []nlsock.Attr
}

// Hook is where a base chain sits in the packet path.
type Hook struct {
	Num      uint32
	Priority int32
	Device   string   // netdev family: one device
	Devices  []string // netdev family: several devices
}

// PolicyName names the chain's policy ("accept", "drop"), or "" for a
// chain without one.
func (c *Chain) PolicyName() string {
	if !c.HasPolicy {
		return ""
	}
	return VerdictName(int32(c.Policy))
}

// FlagNames names the chain flags ("base", "hw-offload", "binding").
func (c *Chain) FlagNames() []string {
	return flagNames(c.Flags, "chain-flags")
}

// HookName names hook number num as nft does for the given family
// ("prerouting", "input", "ingress", ...).
func HookName(family uint8, num uint32) string {
	var names []string
	switch family {
	case FamilyARP:
		names = []string{"input", "output", "forward"}
	case FamilyNetdev:
		names = []string{"ingress", "egress"}
	default:
		names = []string{"prerouting", "input", "forward", "output", "postrouting", "ingress"}
	}
	if int(num) < len(names) {
		return names[num]
	}
	return ""
}

// chainTable binds nft's chain-attrs to Chain.
var chainTable = table("chain-attrs",
	field[Chain]{Name: "table", Set: func(x *in[Chain], b []byte, _ uint64) { x.v.Table = cstring(b) }},
	field[Chain]{Name: "name", Set: func(x *in[Chain], b []byte, _ uint64) { x.v.Name = cstring(b) }},
	field[Chain]{Name: "handle", Set: func(x *in[Chain], _ []byte, n uint64) { x.v.Handle = n }},
	field[Chain]{Name: "hook", Set: func(x *in[Chain], b []byte, _ uint64) {
		x.v.Hook = &Hook{}
		x.fill(hookTable(), x.v, b, 0)
	}},
	field[Chain]{Name: "policy", Set: func(x *in[Chain], _ []byte, n uint64) { x.v.Policy, x.v.HasPolicy = uint32(n), true }},
	field[Chain]{Name: "use", Set: func(x *in[Chain], _ []byte, n uint64) { x.v.Use = uint32(n) }},
	field[Chain]{Name: "type", Set: func(x *in[Chain], b []byte, _ uint64) { x.v.Type = cstring(b) }},
	field[Chain]{Name: "counters", Set: func(x *in[Chain], b []byte, _ uint64) { x.fill(chainCountersTable(), x.v, b, 0) }},
	field[Chain]{Name: "flags", Set: func(x *in[Chain], _ []byte, n uint64) { x.v.Flags = uint32(n) }},
	field[Chain]{Name: "id", Set: func(x *in[Chain], _ []byte, n uint64) { x.v.ID = uint32(n) }},
	field[Chain]{Name: "userdata", Set: func(x *in[Chain], b []byte, _ uint64) { x.v.Userdata = b }},
	field[Chain]{Name: "pad", Set: skip[Chain]},
)

// hookTable binds hook-attrs (NFTA_HOOK_*) to the chain's Hook, which
// the hook field has made.
var hookTable = table("hook-attrs",
	field[Chain]{Name: "hooknum", Set: func(x *in[Chain], _ []byte, n uint64) { x.v.Hook.Num = uint32(n) }},
	field[Chain]{Name: "priority", Set: func(x *in[Chain], _ []byte, n uint64) { x.v.Hook.Priority = int32(uint32(n)) }},
	field[Chain]{Name: "dev", Set: func(x *in[Chain], b []byte, _ uint64) { x.v.Hook.Device = cstring(b) }},
	field[Chain]{Name: "devs", Set: func(x *in[Chain], b []byte, _ uint64) { x.fill(hookDevsTable(), x.v, b, 0) }},
)

var hookDevsTable = table("hook-dev-attrs", field[Chain]{Name: "name", Set: func(x *in[Chain], b []byte, _ uint64) {
	x.v.Hook.Devices = append(x.v.Hook.Devices, cstring(b))
}})

// chainCountersTable reads a chain's counters (counter-attrs).
var chainCountersTable = table("counter-attrs",
	field[Chain]{Name: "bytes", Set: func(x *in[Chain], _ []byte, n uint64) { x.v.Bytes = n }},
	field[Chain]{Name: "packets", Set: func(x *in[Chain], _ []byte, n uint64) { x.v.Packets = n }},
)

func parseChain(h Header, b []byte) (*Chain, error) {
	return decodeObject(chainTable, b, func(c *Chain) *[]nlsock.Attr { c.Family = h.Family; return &c.Unknown })
}
