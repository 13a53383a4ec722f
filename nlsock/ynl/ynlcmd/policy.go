//go:build linux

package ynlcmd

import (
	"context"
	"fmt"
	"strconv"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/genl"
	"github.com/nlsh/nlsh/nlsock/ynl"
	"golang.org/x/sys/unix"
)

// policy prints the kernel's policy for operation o.Policy (nlctrl
// getpolicy): for do and dump, each attribute by the spec's name with its
// type and bounds as the CLI's extack "policy" names them (min-value,
// max-value, min-length, max-length, mask, bitfield32-mask); nests show
// their attributes under "nested".
func (o *Options) policy(ctx context.Context, spec *ynl.Spec) error {
	op, err := spec.Op(o.Policy)
	if err != nil {
		return usageErr("--policy: %v", err)
	}
	if !spec.IsGeneric() {
		return fmt.Errorf("--policy: %s is a %s family; the kernel reports policies of generic netlink families only", spec.Name, spec.Protocol)
	}
	sock, err := nlsock.Open(unix.NETLINK_GENERIC, o.NetNS)
	if err != nil {
		return err
	}
	defer sock.Close()
	if err := o.tap(sock, spec); err != nil {
		return err
	}
	p, err := genl.GetPolicy(ctx, sock, spec.Name)
	if err != nil {
		return err
	}
	sets := map[uint32][]genl.PolicyAttr{}
	for _, a := range p.Policies {
		sets[a.Index] = append(sets[a.Index], a)
	}
	out := ynl.NewObject()
	for _, op2 := range p.OpPolicies {
		if op2.Op != uint32(op.ReqValue) {
			continue
		}
		if op2.HasDo {
			out.Set("do", policySet(sets, op2.Do, op.Set, map[uint32]bool{}))
		}
		if op2.HasDump {
			out.Set("dump", policySet(sets, op2.Dump, op.Set, map[uint32]bool{}))
		}
	}
	if out.Len() == 0 {
		return fmt.Errorf("--policy: the kernel reports no policy for %s %s (command %d)", spec.Name, op.Name, op.ReqValue)
	}
	return o.print(out)
}

// policySet is policy set idx with attributes named by set; seen stops
// recursive policies.
func policySet(sets map[uint32][]genl.PolicyAttr, idx uint32, set *ynl.AttrSet, seen map[uint32]bool) *ynl.Object {
	obj := ynl.NewObject()
	if seen[idx] {
		return obj
	}
	seen[idx] = true
	defer delete(seen, idx)
	for _, a := range sets[idx] {
		name, inner := strconv.Itoa(int(a.Attr)), (*ynl.AttrSet)(nil)
		if set != nil {
			if sa, ok := set.ByType(uint16(a.Attr)); ok {
				name, inner = sa.Name, sa.Nested
			}
		}
		obj.Set(name, policyAttr(sets, &a, inner, seen))
	}
	return obj
}

func policyAttr(sets map[uint32][]genl.PolicyAttr, a *genl.PolicyAttr, inner *ynl.AttrSet, seen map[uint32]bool) *ynl.Object {
	d := ynl.NewObject()
	d.Set("type", a.Type.String())
	if a.HasRangeS {
		d.Set("min-value", a.MinValueS)
		d.Set("max-value", a.MaxValueS)
	}
	if a.HasRangeU {
		d.Set("min-value", a.MinValueU)
		d.Set("max-value", a.MaxValueU)
	}
	if a.HasLength {
		d.Set("min-length", uint64(a.MinLength))
		d.Set("max-length", uint64(a.MaxLength))
	}
	if a.HasMask {
		key := "mask"
		if a.Type.String() == "bitfield32" {
			key = "bitfield32-mask"
		}
		d.Set(key, a.Mask)
	}
	if a.HasNested {
		d.Set("nested", policySet(sets, a.Nested, inner, seen))
	}
	return d
}
