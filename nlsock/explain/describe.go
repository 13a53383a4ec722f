//go:build linux

package explain

import (
	"fmt"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/genl"
	"github.com/nlsh/nlsh/nlsock/nft"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
	"golang.org/x/sys/unix"
)

// msgDesc is what the family knows about one message type.
type msgDesc struct {
	typeName string   // "RTM_NEWLINK", "NFT_MSG_NEWTABLE", ...
	kind     kind     // for the header flags
	hdr      *hdrSpec // the fixed family header, nil if none is known
	set      *attrSet // the attributes after it, nil if unknown
}

// describe looks the message type up in the family of proto.
func describe(proto int, h nlsock.Header, payload []byte, o *Options) msgDesc {
	if d, ok := describeBuiltin(proto, h, payload); ok {
		return d
	}
	switch proto {
	case unix.NETLINK_GENERIC:
		return describeGenl(h, payload, o)
	case unix.NETLINK_NETFILTER:
		return describeNetfilter(h.Type)
	case unix.NETLINK_SOCK_DIAG:
		return describeDiag(h, payload)
	}
	d := msgDesc{typeName: nlsock.TypeName(proto, h.Type)}
	if proto == unix.NETLINK_ROUTE && nlsock.MessageTypeName(proto, h.Type) == "" {
		d.typeName = fmt.Sprintf("type %d (not an rtnetlink type)", h.Type)
	}
	d.kind = kindOf(d.typeName)
	return d
}

// genlFamily names family id from GenlFamilies, else GenlFamily.
func (o *Options) genlFamily(id uint16) string {
	if name := o.GenlFamilies[id]; name != "" || o.GenlFamily == nil {
		return name
	}
	return o.GenlFamily(id)
}

func describeGenl(h nlsock.Header, payload []byte, o *Options) msgDesc {
	if h.Type == genl.CtrlID {
		d := msgDesc{typeName: "GENL_ID_CTRL (the nlctrl family)", hdr: genlmsghdr(genl.CmdName), set: nlctrlSet("ctrl-attrs")}
		if len(payload) > 0 {
			d.kind = kindOf(genl.CmdName(payload[0]))
		}
		return d
	}
	d := msgDesc{hdr: genlmsghdr(func(uint8) string { return "" }), set: numbered}
	if name := o.genlFamily(h.Type); name != "" {
		d.typeName = fmt.Sprintf("generic netlink family %q (id %d)", name, h.Type)
	} else if o.GenlFamily != nil {
		d.typeName = fmt.Sprintf("generic netlink family id %d (nlctrl knows no such family; attributes shown by number)", h.Type)
	} else {
		d.typeName = fmt.Sprintf("generic netlink family id %d (ask nlctrl for its name; attributes shown by number)", h.Type)
	}
	if h.Flags&nlsock.FlagDump == nlsock.FlagDump && h.Flags&nlsock.FlagRequest != 0 {
		d.kind = kindGet
	}
	if o.GenlSpec != nil {
		if spec := o.GenlSpec(h.Type); spec != nil {
			describeSpec(&d, spec, h, payload)
		}
	}
	return d
}

func describeNetfilter(t uint16) msgDesc {
	// every nfnetlink subsystem starts with the nfgenmsg nft.yaml describes
	nftSpec := builtin.MustSpec("nft")
	d := msgDesc{typeName: nft.MsgName(t), hdr: structHeader(nftSpec, nftSpec.Structs["nfgenmsg"]), set: numbered}
	subsys, msg := nft.Split(t)
	if d.typeName == "" {
		d.typeName = fmt.Sprintf("subsystem %d, message %d", subsys, msg)
	}
	d.kind = kindOf(d.typeName)
	return d
}
