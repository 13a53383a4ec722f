//go:build linux

package rtnl

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
)

// Traffic control objects (qdiscs, classes, filters) are decoded and
// encoded by nlsh's tc description (nlsock/ynl/builtin/descriptions/
// tc.yaml), not by code here: this file only names what the description
// cannot say (handles as tc writes them, a filter's protocol and
// preference packed in tcm_info) and builds the requests.

// TcMsgLen is the size of struct tcmsg.
const TcMsgLen = 20

// Handles with a name (include/uapi/linux/pkt_sched.h).
const (
	TC_H_ROOT        uint32 = 0xffffffff
	TC_H_INGRESS     uint32 = 0xfffffff1 // the ingress and clsact qdiscs' parent
	TC_H_CLSACT      uint32 = TC_H_INGRESS
	TC_H_MIN_INGRESS uint32 = 0xfff2 // clsact's ingress hook, a filter parent's minor
	TC_H_MIN_EGRESS  uint32 = 0xfff3 // clsact's egress hook
)

// TC is one qdisc, class or filter as the kernel reports it.
type TC struct {
	Type    uint16 // RTM_NEWQDISC, RTM_DELTCLASS, ...
	Ifindex int32
	Handle  uint32
	Parent  uint32
	Info    uint32 // filters: preference << 16 | protocol (network order)
	Kind    string
	// Attrs holds every attribute as the description decodes it, by its
	// names there: options (a table by kind), stats2, stats, xstats,
	// chain, ...
	Attrs ynl.Attrs
}

// tcSpec is nlsh's tc description; it is tested to load.
func tcSpec() *ynl.Spec { return builtin.MustSpec("tc") }

// IsTC reports whether t is a qdisc, class or filter message type.
func IsTC(t uint16) bool {
	return t >= RTM_NEWQDISC && t <= RTM_GETTFILTER && t != 39 && t != 43
}

// DecodeTC decodes a tc message's payload (after the nlmsghdr) of type t
// by the tc description. On malformed input it returns what it decoded
// with the first error.
func DecodeTC(t uint16, payload []byte) (TC, error) {
	o := TC{Type: t}
	s := tcSpec()
	op, _ := s.Op("getqdisc") // every tc message has its layout: tcmsg + tc-attrs
	m, err := s.DecodeReply(op, t, payload)
	if m.Attrs == nil {
		return o, err
	}
	o.Ifindex = int32(asInt(m.Attrs["ifindex"]))
	o.Handle = uint32(asInt(m.Attrs["handle"]))
	o.Parent = uint32(asInt(m.Attrs["parent"]))
	o.Info = uint32(asInt(m.Attrs["info"]))
	o.Kind, _ = m.Attrs["kind"].(string)
	for _, k := range []string{"family", "pad", "ifindex", "handle", "parent", "info", "kind"} {
		delete(m.Attrs, k)
	}
	o.Attrs = m.Attrs
	if o.Kind == "u32" {
		splitU32Keys(o.Options())
	}
	return o, err
}

// u32's struct tc_u32_sel ends in nkeys struct tc_u32_key, an array YNL
// cannot declare: the engine keeps it as the sel's tail (ynl.TailKey),
// read here by the description's tc-u32-key into sel.keys, and written
// back from sel.keys by joinU32Keys.
func splitU32Keys(opts ynl.Attrs) {
	sel, _ := opts["sel"].(ynl.Attrs)
	tail, _ := sel[ynl.TailKey].([]byte)
	st := tcSpec().Structs["tc-u32-key"]
	if tail == nil || len(tail)%st.Size != 0 {
		return
	}
	keys := []any{}
	for i := 0; i < len(tail); i += st.Size {
		k, _ := st.Decode(tail[i:])
		keys = append(keys, k)
	}
	sel["keys"] = keys
	delete(sel, ynl.TailKey)
}

// joinU32Keys returns options whose sel.keys (a list of {mask=, val=,
// off=, offmask=}) are encoded as the sel's tail, nkeys defaulting to
// their number; opts itself is not changed.
func joinU32Keys(opts ynl.Attrs) (ynl.Attrs, error) {
	sel, ok := asAttrs(opts["sel"])
	if !ok || sel["keys"] == nil {
		return opts, nil
	}
	list, ok := sel["keys"].([]any)
	if !ok {
		return nil, fmt.Errorf("options sel.keys: want a list of keys, got %T", sel["keys"])
	}
	st := tcSpec().Structs["tc-u32-key"]
	var tail []byte
	for i, k := range list {
		key, ok := asAttrs(k)
		if !ok {
			return nil, fmt.Errorf("options sel.keys[%d]: want a table {mask=, val=, off=, offmask=}", i+1)
		}
		b, err := st.Encode(key)
		if err != nil {
			return nil, fmt.Errorf("options sel.keys[%d]: %w", i+1, err)
		}
		tail = append(tail, b...)
	}
	newSel := ynl.Attrs{}
	for k, v := range sel {
		newSel[k] = v
	}
	delete(newSel, "keys")
	newSel[ynl.TailKey] = tail
	if _, given := newSel["nkeys"]; !given {
		newSel["nkeys"] = len(list)
	}
	out := ynl.Attrs{}
	for k, v := range opts {
		out[k] = v
	}
	out["sel"] = newSel
	return out, nil
}

func asAttrs(v any) (ynl.Attrs, bool) {
	switch x := v.(type) {
	case ynl.Attrs:
		return x, true
	case map[string]any:
		return ynl.Attrs(x), true
	}
	return nil, false
}

func asInt(v any) int64 {
	switch x := v.(type) {
	case uint64:
		return int64(x)
	case int64:
		return x
	}
	return 0
}

// Options are the kind's options as the description decodes them, or nil.
func (o *TC) Options() ynl.Attrs {
	a, _ := o.Attrs["options"].(ynl.Attrs)
	return a
}

// Stats gathers the counters of TCA_STATS2 (basic, queue, rate-est), or
// of the older TCA_STATS when the kernel sent no TCA_STATS2, under the
// names tc -s -j prints: bytes, packets, drops, overlimits, requeues, qlen,
// backlog, bps, pps. It is nil when the message has neither.
func (o *TC) Stats() map[string]uint64 {
	st := map[string]uint64{}
	put := func(t any, names ...string) {
		a, _ := t.(ynl.Attrs)
		for _, n := range names {
			if v, ok := a[n].(uint64); ok {
				st[n] = v
			}
		}
	}
	if s2, ok := o.Attrs["stats2"].(ynl.Attrs); ok {
		put(s2["basic"], "bytes", "packets")
		put(s2["queue"], "qlen", "backlog", "drops", "requeues", "overlimits")
		put(s2["rate-est"], "bps", "pps")
	} else if old, ok := o.Attrs["stats"]; ok {
		put(old, "bytes", "packets", "drops", "overlimits", "bps", "pps", "qlen", "backlog")
	}
	if len(st) == 0 {
		return nil
	}
	return st
}

// XStats are the kind's own statistics (TCA_STATS2's app, or TCA_XSTATS)
// as the description decodes them (htb classes: lends, borrows, tokens,
// ...), or nil.
func (o *TC) XStats() any {
	if s2, ok := o.Attrs["stats2"].(ynl.Attrs); ok {
		if app, ok := s2["app"]; ok {
			return app
		}
	}
	if x, ok := o.Attrs["xstats"]; ok {
		return x
	}
	return nil
}

// Protocol is a filter's protocol (an ETH_P_ value), from tcm_info.
func (o *TC) Protocol() uint16 { return uint16(o.Info>>8&0xff | o.Info&0xff<<8) }

// Pref is a filter's preference (priority), from tcm_info.
func (o *TC) Pref() uint16 { return uint16(o.Info >> 16) }

// HandleString writes a qdisc or class handle as tc does: "root", "none",
// "1:" (minor 0), ":10" (major 0), "1:10"; in hex like tc.
func HandleString(h uint32) string {
	switch {
	case h == TC_H_ROOT:
		return "root"
	case h == 0:
		return "none"
	case h>>16 == 0:
		return fmt.Sprintf(":%x", h&0xffff)
	case h&0xffff == 0:
		return fmt.Sprintf("%x:", h>>16)
	}
	return fmt.Sprintf("%x:%x", h>>16, h&0xffff)
}

// QdiscHandleString writes a qdisc's handle as tc qdisc show does: its
// major only, "1:", also for noqueue's 0 ("0:").
func QdiscHandleString(h uint32) string { return fmt.Sprintf("%x:", h>>16) }

// FilterHandleString writes a filter's handle as tc prints its fh: u32's
// "800:" (a hash table) and "800::800" (a key node), others' "0x1".
func FilterHandleString(kind string, h uint32) string {
	if kind != "u32" {
		return fmt.Sprintf("0x%x", h)
	}
	if h == 0 {
		return "none"
	}
	s := ""
	if htid := h >> 20; htid != 0 {
		s = fmt.Sprintf("%x:", htid)
	}
	hash, node := h>>12&0xff, h&0xfff
	if hash != 0 {
		s += fmt.Sprintf("%x", hash)
	}
	if node != 0 {
		s += fmt.Sprintf(":%x", node)
	}
	return s
}

// ParseHandle reads a handle as tc takes one: "root", "none", "1:",
// "1:10", ":10", "ffff:fff1", or a name of the ingress side: "ingress"
// and "clsact" are the ingress and clsact qdiscs' parent (ffff:fff1);
// for a filter's parent (filter true) "ingress" and "egress" are clsact's
// hooks (ffff:fff2, ffff:fff3), as in `tc filter add dev X ingress`.
func ParseHandle(s string, filter bool) (uint32, error) {
	switch s {
	case "root":
		return TC_H_ROOT, nil
	case "none":
		return 0, nil
	case "ingress":
		if filter {
			return TC_H_CLSACT&0xffff0000 | TC_H_MIN_INGRESS, nil
		}
		return TC_H_INGRESS, nil
	case "egress":
		if filter {
			return TC_H_CLSACT&0xffff0000 | TC_H_MIN_EGRESS, nil
		}
	case "clsact":
		if !filter {
			return TC_H_CLSACT, nil
		}
	}
	var maj, min uint64
	majS, minS, ok := strings.Cut(s, ":")
	if !ok {
		return 0, fmt.Errorf("handle %q: want MAJ:MIN in hex (1:, 1:10, :10), root, ingress, clsact or egress", s)
	}
	var err error
	if majS != "" {
		if maj, err = parseHex(majS); err != nil {
			return 0, fmt.Errorf("handle %q: major %q is not a hex number up to ffff", s, majS)
		}
	}
	if minS != "" {
		if min, err = parseHex(minS); err != nil {
			return 0, fmt.Errorf("handle %q: minor %q is not a hex number up to ffff", s, minS)
		}
	}
	return uint32(maj<<16 | min), nil
}

func parseHex(s string) (uint64, error) { return strconv.ParseUint(s, 16, 16) }

// TCSpec is a qdisc, class or filter to create, change or delete.
type TCSpec struct {
	Ifindex int32
	Handle  uint32
	Parent  uint32
	Info    uint32 // filters: preference << 16 | protocol (network order)
	Kind    string
	// Options are the kind's options by the description's names (htb:
	// init, parms, direct-qlen; tbf: parms, burst; pfifo: limit); they are
	// encoded by the kind's format, so a wrong name or kind is an error
	// naming it before anything reaches the kernel.
	Options ynl.Attrs
}

// TCRequest builds a tc request of type t (RTM_NEWQDISC, RTM_DELQDISC,
// RTM_NEWTCLASS, RTM_NEWTFILTER, ...) with flags, through the description.
func TCRequest(t, flags uint16, spec TCSpec) (nlsock.Message, error) {
	s := tcSpec()
	op, _ := s.Op("newqdisc") // same layout for every tc request
	attrs := ynl.Attrs{"ifindex": spec.Ifindex, "handle": spec.Handle, "parent": spec.Parent, "info": spec.Info}
	if spec.Kind != "" {
		attrs["kind"] = spec.Kind
	}
	if spec.Options != nil {
		if spec.Kind == "" {
			return nlsock.Message{}, errors.New("options need a kind")
		}
		opts := spec.Options
		if spec.Kind == "u32" {
			var err error
			if opts, err = joinU32Keys(opts); err != nil {
				return nlsock.Message{}, err
			}
		}
		attrs["options"] = opts
	}
	body, err := s.EncodeRequest(op, attrs)
	if err != nil {
		return nlsock.Message{}, err
	}
	return nlsock.Message{Header: nlsock.Header{Type: t, Flags: flags}, Payload: body}, nil
}

// TCDumpRequest is a dump request for tc objects of type t (RTM_GETQDISC,
// RTM_GETTCLASS, RTM_GETTFILTER) of one link (ifindex 0: all, for qdiscs)
// under parent (0: all qdiscs; for filters, the root qdisc's).
func TCDumpRequest(t uint16, ifindex int32, parent uint32) nlsock.Message {
	m := dump(t, TcMsgLen)
	putTcMsg(m.Payload, ifindex, 0, parent, 0)
	return m
}

func putTcMsg(b []byte, ifindex int32, handle, parent, info uint32) {
	binary.NativeEndian.PutUint32(b[4:], uint32(ifindex))
	binary.NativeEndian.PutUint32(b[8:], handle)
	binary.NativeEndian.PutUint32(b[12:], parent)
	binary.NativeEndian.PutUint32(b[16:], info)
}

func dumpTC(ctx context.Context, s *nlsock.Socket, req nlsock.Message, typ uint16, ifindex int32) ([]TC, error) {
	msgs, derr := Dump(ctx, s, req)
	if derr != nil && msgs == nil {
		return nil, derr
	}
	var out []TC
	for i, m := range msgs {
		if m.Header.Type != typ {
			continue
		}
		o, err := DecodeTC(typ, m.Payload)
		if err != nil {
			return out, fmt.Errorf("%s message %d: %w", MessageTypeName(typ), i, err)
		}
		if ifindex == 0 || o.Ifindex == ifindex {
			out = append(out, o)
		}
	}
	return out, derr
}

// Qdiscs dumps the qdiscs of one link (ifindex 0: of every link).
func Qdiscs(ctx context.Context, s *nlsock.Socket, ifindex int32) ([]TC, error) {
	return dumpTC(ctx, s, TCDumpRequest(RTM_GETQDISC, 0, 0), RTM_NEWQDISC, ifindex)
}

// Classes dumps the classes of one link.
func Classes(ctx context.Context, s *nlsock.Socket, ifindex int32) ([]TC, error) {
	return dumpTC(ctx, s, TCDumpRequest(RTM_GETTCLASS, ifindex, 0), RTM_NEWTCLASS, ifindex)
}

// Filters dumps the filters of one link attached to parent (0: the root
// qdisc's; ParseHandle("ingress", true) for clsact's ingress hook).
func Filters(ctx context.Context, s *nlsock.Socket, ifindex int32, parent uint32) ([]TC, error) {
	return dumpTC(ctx, s, TCDumpRequest(RTM_GETTFILTER, ifindex, parent), RTM_NEWTFILTER, ifindex)
}

// TCChange runs a tc request that has no data reply (add, change, delete).
func TCChange(ctx context.Context, s *nlsock.Socket, t, flags uint16, spec TCSpec) error {
	m, err := TCRequest(t, nlsock.FlagRequest|nlsock.FlagAck|flags, spec)
	return do(ctx, s, m, err)
}
