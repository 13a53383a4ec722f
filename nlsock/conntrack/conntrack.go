//go:build linux

package conntrack

import (
	"context"
	"fmt"
	"strings"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"github.com/nlsh/nlsh/nlsock/ynl/builtin"
)

// Subsys is NFNL_SUBSYS_CTNETLINK: the high byte of a conntrack message's
// type (IPCTNL_MSG_CT_NEW is Subsys<<8 | 0).
const Subsys = 1

// Message types of conntrack entries.
const (
	MsgNew    = Subsys << 8   // IPCTNL_MSG_CT_NEW (0): a dumped, new or changed entry
	MsgGet    = Subsys<<8 | 1 // IPCTNL_MSG_CT_GET
	MsgDelete = Subsys<<8 | 2 // IPCTNL_MSG_CT_DELETE: a destroyed entry, or a flush
)

// Options select the entries of a dump or a flush: Family (AF_INET,
// AF_INET6; 0 for all), and where set, the zone or the mark under a mask.
type Options struct {
	Family   uint8
	Zone     *uint16
	Mark     *uint32
	MarkMask *uint32 // 0xffffffff when only Mark is set
}

// Spec is the built-in description the package reads.
func Spec() *ynl.Spec { return builtin.MustSpec("conntrack") }

func client(ctx context.Context, s *nlsock.Socket) (*ynl.Client, error) {
	return ynl.NewClient(ctx, s, Spec())
}

// filterAttrs names o's attributes for a dump or flush request.
func (o Options) filterAttrs() (ynl.Attrs, error) {
	// version 1 (NFNETLINK_V1): without it the kernel flushes every
	// family whatever nfgen-family says
	a := ynl.Attrs{"nfgen-family": o.Family, "version": 1}
	if o.Zone != nil {
		a["zone"] = *o.Zone
	}
	if o.MarkMask != nil && o.Mark == nil {
		return nil, fmt.Errorf("conntrack: a mark mask without a mark")
	}
	if o.Mark != nil {
		mask := uint32(0xffffffff)
		if o.MarkMask != nil {
			mask = *o.MarkMask
		}
		a["mark"], a["mark-mask"] = *o.Mark, mask
	}
	return a, nil
}

// List dumps the entries o selects as Object tables.
func List(ctx context.Context, s *nlsock.Socket, o Options) ([]ynl.Attrs, error) {
	attrs, err := o.filterAttrs()
	if err != nil {
		return nil, err
	}
	c, err := client(ctx, s)
	if err != nil {
		return nil, err
	}
	msgs, err := c.Dump(ctx, "get", attrs)
	if err != nil {
		return nil, err
	}
	out := make([]ynl.Attrs, 0, len(msgs))
	for _, m := range msgs {
		obj := Object(m)
		if o.Family != 0 && obj["family"] != familyName(o.Family) {
			continue // kernels before 6.x answer every family
		}
		out = append(out, obj)
	}
	return out, nil
}

// Flush deletes the entries o selects (IPCTNL_MSG_CT_DELETE without a
// tuple): of every family when o.Family is 0.
func Flush(ctx context.Context, s *nlsock.Socket, o Options) error {
	if o.Zone != nil {
		return fmt.Errorf("conntrack flush: the kernel flushes by family and mark, not by zone")
	}
	attrs, err := o.filterAttrs()
	if err != nil {
		return err
	}
	c, err := client(ctx, s)
	if err != nil {
		return err
	}
	_, err = c.Do(ctx, "delete", attrs)
	return err
}

// Decode decodes a conntrack message (a dump reply, or an event of
// NFNLGRP_CONNTRACK_*) into an Object; ok is false for a message of
// another netfilter subsystem.
func Decode(typ uint16, payload []byte) (obj ynl.Attrs, ok bool, err error) {
	if typ>>8 != Subsys {
		return nil, false, nil
	}
	m, err := Spec().DecodeBody(typ, payload)
	obj = Object(m)
	if typ == MsgDelete {
		obj["event"] = "destroy"
	}
	return obj, true, err
}

// Object names a decoded entry as conntrack -L shows it:
//
//	family    "inet", "inet6" (nfgen_family)
//	protocol  "tcp", "udp", "icmp", "icmpv6", ... (or the number), protonum
//	orig, reply  tuples {src=, dst=, proto=, sport=, dport=} (ICMP: icmp_id, icmp_type, icmp_code; zone when set)
//	state     the TCP or SCTP state, "ESTABLISHED", "TIME_WAIT", ...
//	status    {"SEEN_REPLY", "ASSURED", "CONFIRMED", ...}
//	timeout mark zone use id secmark labels
//	counters  {orig = {packets=, bytes=}, reply = {...}} (with nf_conntrack_acct)
//	nat_src, nat_dst, master, help, timestamp, ... as the description names them
func Object(m ynl.Message) ynl.Attrs {
	in := m.Attrs
	out := ynl.Attrs{}
	for k, v := range in {
		switch k {
		case "nfgen-family":
			out["family"] = familyName(uint8(uintOf(v)))
		case "version", "res-id":
		case "tuple-orig":
			out["orig"] = tuple(v)
			if t, ok := out["orig"].(ynl.Attrs); ok {
				if p, ok := t["proto"].(uint64); ok {
					out["protonum"] = p
					out["protocol"] = protoName(p)
				}
			}
		case "tuple-reply":
			out["reply"] = tuple(v)
		case "tuple-master":
			out["master"] = tuple(v)
		case "status":
			out["status"] = upperNames(v)
		case "protoinfo":
			pi, _ := v.(ynl.Attrs)
			for proto, info := range pi {
				in, _ := info.(ynl.Attrs) // not so under UnknownKey
				if st, ok := in["state"]; ok {
					if s, isName := st.(string); isName {
						st = upper(s)
					}
					out["state"] = st
				}
				out["protoinfo"] = ynl.Attrs{proto: underscoreKeys(info)}
			}
		case "counters-orig", "counters-reply":
			c, _ := out["counters"].(ynl.Attrs)
			if c == nil {
				c = ynl.Attrs{}
				out["counters"] = c
			}
			c[strings.TrimPrefix(k, "counters-")] = underscoreKeys(v)
		default:
			out[strings.ReplaceAll(k, "-", "_")] = underscoreKeys(v)
		}
	}
	return out
}

// tuple flattens a tuple's ip and proto nests.
func tuple(v any) any {
	in, ok := v.(ynl.Attrs)
	if !ok {
		return v
	}
	t := ynl.Attrs{}
	ip, _ := in["ip"].(ynl.Attrs)
	for k, a := range ip {
		switch k {
		case "v4-src", "v6-src":
			t["src"] = addrText(a)
		case "v4-dst", "v6-dst":
			t["dst"] = addrText(a)
		default:
			t[k] = a
		}
	}
	pr, _ := in["proto"].(ynl.Attrs)
	for k, a := range pr {
		switch k {
		case "num":
			t["proto"] = a
		case "src-port":
			t["sport"] = a
		case "dst-port":
			t["dport"] = a
		default: // icmp-id, icmpv6-type, ...: the same names for both
			t[strings.ReplaceAll(strings.Replace(k, "icmpv6", "icmp", 1), "-", "_")] = a
		}
	}
	if z, ok := in["zone"]; ok {
		t["zone"] = z
	}
	return t
}
