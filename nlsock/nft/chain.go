//go:build linux

package nft

import "github.com/nlsh/nlsh/nlsock"

// Chain attributes (NFTA_CHAIN_*).
const (
	AttrChainTable    uint16 = 1
	AttrChainHandle   uint16 = 2
	AttrChainName     uint16 = 3
	AttrChainHook     uint16 = 4
	AttrChainPolicy   uint16 = 5
	AttrChainUse      uint16 = 6
	AttrChainType     uint16 = 7
	AttrChainCounters uint16 = 8
	AttrChainPad      uint16 = 9
	AttrChainFlags    uint16 = 10
	AttrChainID       uint16 = 11
	AttrChainUserdata uint16 = 12
)

var chainAttrNames = []string{"", "NFTA_CHAIN_TABLE", "NFTA_CHAIN_HANDLE", "NFTA_CHAIN_NAME",
	"NFTA_CHAIN_HOOK", "NFTA_CHAIN_POLICY", "NFTA_CHAIN_USE", "NFTA_CHAIN_TYPE",
	"NFTA_CHAIN_COUNTERS", "NFTA_CHAIN_PAD", "NFTA_CHAIN_FLAGS", "NFTA_CHAIN_ID",
	"NFTA_CHAIN_USERDATA"}

// Hook attributes (NFTA_HOOK_*).
const (
	AttrHookNum      uint16 = 1
	AttrHookPriority uint16 = 2
	AttrHookDev      uint16 = 3
	AttrHookDevs     uint16 = 4
)

var hookAttrNames = []string{"", "NFTA_HOOK_HOOKNUM", "NFTA_HOOK_PRIORITY", "NFTA_HOOK_DEV", "NFTA_HOOK_DEVS"}

// HookAttrName names an attribute of the NFTA_CHAIN_HOOK nest
// ("NFTA_HOOK_PRIORITY"), or "" for one it does not know.
func HookAttrName(t uint16) string {
	if int(t) < len(hookAttrNames) {
		return hookAttrNames[t]
	}
	return ""
}

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
	return flagNames(c.Flags, []string{"base", "hw-offload", "binding"})
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

func parseChain(h Header, b []byte) (*Chain, error) {
	c := &Chain{Family: h.Family}
	err := walk(b, HeaderLen, attrName(chainAttrNames), func(a nlsock.Attr) error {
		var err error
		switch a.Type {
		case AttrChainTable:
			c.Table = cstring(a.Data)
		case AttrChainName:
			c.Name = cstring(a.Data)
		case AttrChainHandle:
			c.Handle, err = be64(a.Data)
		case AttrChainHook:
			c.Hook, err = parseHook(a.Data)
		case AttrChainPolicy:
			c.Policy, err = be32(a.Data)
			c.HasPolicy = err == nil
		case AttrChainUse:
			c.Use, err = be32(a.Data)
		case AttrChainType:
			c.Type = cstring(a.Data)
		case AttrChainCounters:
			c.Packets, c.Bytes, err = parseCounters(a.Data)
		case AttrChainFlags:
			c.Flags, err = be32(a.Data)
		case AttrChainID:
			c.ID, err = be32(a.Data)
		case AttrChainUserdata:
			c.Userdata = a.Data
		case AttrChainPad:
		default:
			c.Unknown = append(c.Unknown, a)
		}
		return err
	})
	return c, err
}

func parseHook(b []byte) (*Hook, error) {
	h := &Hook{}
	err := walk(b, 0, attrName(hookAttrNames), func(a nlsock.Attr) error {
		var err error
		switch a.Type {
		case AttrHookNum:
			h.Num, err = be32(a.Data)
		case AttrHookPriority:
			var v uint32
			v, err = be32(a.Data)
			h.Priority = int32(v)
		case AttrHookDev:
			h.Device = cstring(a.Data)
		case AttrHookDevs:
			err = nlsock.WalkAttrs(a.Data, func(d nlsock.Attr) error {
				h.Devices = append(h.Devices, cstring(d.Data))
				return nil
			})
		}
		return err
	})
	return h, err
}

// NFTA_COUNTER_*.
const (
	attrCounterBytes   uint16 = 1
	attrCounterPackets uint16 = 2
)

func parseCounters(b []byte) (packets, bytes uint64, err error) {
	err = nlsock.WalkAttrs(b, func(a nlsock.Attr) error {
		var err error
		switch a.Type {
		case attrCounterBytes:
			bytes, err = be64(a.Data)
		case attrCounterPackets:
			packets, err = be64(a.Data)
		}
		return err
	})
	return packets, bytes, err
}
