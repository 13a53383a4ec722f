//go:build linux

package explain

import (
	"fmt"
	"strings"

	"github.com/nlsh/nlsh/nlsock"
)

// kind is what a message type asks for, which decides what the header flag
// bits 0x100 to 0x800 mean.
type kind uint8

const (
	kindUnknown kind = iota
	kindGet          // ROOT, MATCH, ATOMIC (DUMP = ROOT|MATCH)
	kindNew          // REPLACE, EXCL, CREATE, APPEND
	kindDel          // NONREC, BULK
	kindAck          // NLMSG_ERROR and NLMSG_DONE: CAPPED, ACK_TLVS
)

type flagName struct {
	bit  uint16
	name string
}

var commonFlags = []flagName{
	{nlsock.FlagRequest, "REQUEST"}, {nlsock.FlagMulti, "MULTI"}, {nlsock.FlagAck, "ACK"},
	{nlsock.FlagEcho, "ECHO"}, {nlsock.FlagDumpIntr, "DUMP_INTR"}, {nlsock.FlagDumpFiltered, "DUMP_FILTERED"},
}

var kindFlags = map[kind][]flagName{
	kindGet: {{nlsock.FlagRoot, "ROOT"}, {nlsock.FlagMatch, "MATCH"}, {nlsock.FlagAtomic, "ATOMIC"}},
	kindNew: {{nlsock.FlagReplace, "REPLACE"}, {nlsock.FlagExcl, "EXCL"}, {nlsock.FlagCreate, "CREATE"}, {nlsock.FlagAppend, "APPEND"}},
	kindDel: {{nlsock.FlagNonrec, "NONREC"}, {nlsock.FlagBulk, "BULK"}},
	kindAck: {{nlsock.FlagCapped, "CAPPED"}, {nlsock.FlagAckTLVs, "ACK_TLVS"}},
}

var kindLegend = map[kind]string{
	kindGet:     "GET: 0x100 ROOT, 0x200 MATCH, 0x400 ATOMIC",
	kindNew:     "NEW: 0x100 REPLACE, 0x200 EXCL, 0x400 CREATE, 0x800 APPEND",
	kindDel:     "DEL: 0x100 NONREC, 0x200 BULK",
	kindAck:     "ACK: 0x100 CAPPED, 0x200 ACK_TLVS",
	kindUnknown: "0x100-0x800 depend on the request kind, unknown here",
}

// kindOf guesses the request kind from a type or command name
// ("RTM_GETLINK", "NFT_MSG_NEWTABLE", "CTRL_CMD_GETFAMILY").
func kindOf(name string) kind {
	i := strings.LastIndexByte(name, '_')
	verb := name[i+1:]
	switch {
	case strings.HasPrefix(verb, "GET"):
		return kindGet
	case strings.HasPrefix(verb, "NEW"), strings.HasPrefix(verb, "SET"):
		return kindNew
	case strings.HasPrefix(verb, "DEL"), strings.HasPrefix(verb, "DESTROY"):
		return kindDel
	}
	return kindUnknown
}

// flagText names the bits of flags for a message of kind k:
// "REQUEST|ACK|DUMP (ROOT|MATCH)".
func flagText(flags uint16, k kind) string {
	var names []string
	rest := flags
	for _, f := range commonFlags {
		if flags&f.bit != 0 {
			names = append(names, f.name)
			rest &^= f.bit
		}
	}
	if k == kindGet && flags&nlsock.FlagDump == nlsock.FlagDump {
		names = append(names, "DUMP (ROOT|MATCH)")
		rest &^= nlsock.FlagDump
	}
	for _, f := range kindFlags[k] {
		if rest&f.bit != 0 {
			names = append(names, f.name)
			rest &^= f.bit
		}
	}
	if rest != 0 {
		names = append(names, fmt.Sprintf("0x%x", rest))
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, "|")
}

// nlmsghdr explains the 16-byte header at the start of a message; base is
// its offset in the printer's coordinates.
func (p *printer) nlmsghdr(h nlsock.Header, typeName string, k kind, actual, base, depth int) {
	p.raw(depth, "nlmsghdr (16 bytes)")
	p.structName = "nlmsghdr"
	lenNote := ""
	if actual >= 0 && int64(actual) != int64(h.Length) {
		lenNote = fmt.Sprintf("  (but %d bytes are here)", actual)
	}
	p.field(base+0, depth+1, "nlmsg_len", 4, fmt.Sprintf("%d%s", h.Length, lenNote))
	p.field(base+4, depth+1, "nlmsg_type", 2, fmt.Sprintf("%d = %s", h.Type, typeName))
	p.field(base+6, depth+1, "nlmsg_flags", 2, fmt.Sprintf("0x%04x = %s   [%s]", h.Flags, flagText(h.Flags, k), kindLegend[k]))
	p.field(base+8, depth+1, "nlmsg_seq", 4, fmt.Sprint(h.Seq))
	pid := fmt.Sprintf("%d (port id)", h.PortID)
	if h.PortID == 0 {
		pid = "0 (port id 0: the kernel, or not set)"
	}
	p.field(base+12, depth+1, "nlmsg_pid", 4, pid)
}

// field writes one header field line and records it for offset lookups.
func (p *printer) field(off, depth int, name string, size int, value string) {
	p.at(off, depth, "%-13s %s", name, value)
	p.locate(location{off: off, end: off + size, path: p.structName + "." + name, typ: -1})
}
