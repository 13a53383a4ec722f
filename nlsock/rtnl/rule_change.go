//go:build linux

package rtnl

import (
	"context"
	"fmt"
	"net/netip"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/ynl"
)

// RuleSpec is a policy routing rule to add or delete (ip rule add/del),
// encoded through the built-in rt-rule description (decoding stays with
// Rule). Unset fields match anything when deleting.
type RuleSpec struct {
	Family   uint8 // AF_INET (the default) or AF_INET6; from Src or Dst when 0
	Priority *uint32
	Table    uint32       // the table to look up (action "lookup")
	Action   string       // "lookup", "goto", "nop", "blackhole", "unreachable", "prohibit"; from Table or Goto when ""
	Goto     uint32       // the priority to go to (action "goto")
	Src, Dst netip.Prefix // zero: any
	IIf, OIf string
	FWMark   *uint32
	FWMask   *uint32
	Protocol uint8
	Invert   bool // "not": the rule matches what the selectors do not
}

// ruleActionNames are the FR_ACT_* values by ip's names (rt-rule's fr-act
// enum names them to-tbl ...; ip rule says lookup/table).
var ruleActionNames = map[string]string{"lookup": "to-tbl", "table": "to-tbl", "goto": "goto", "nop": "nop",
	"blackhole": "blackhole", "unreachable": "unreachable", "prohibit": "prohibit"}

func (r RuleSpec) attrs(adding bool) (ynl.Attrs, error) {
	fam := r.Family
	a := ynl.Attrs{}
	for _, p := range []struct {
		name, lenName string
		pfx           netip.Prefix
	}{{"src", "src-len", r.Src}, {"dst", "dst-len", r.Dst}} {
		if !p.pfx.IsValid() {
			continue
		}
		af := AF_INET6
		if p.pfx.Addr().Is4() {
			af = AF_INET
		}
		if fam != AF_UNSPEC && fam != af {
			return nil, fmt.Errorf("rule %s %s is not of family %s", p.name, p.pfx, FamilyName(fam))
		}
		fam = af
		a[p.name], a[p.lenName] = p.pfx.Masked().Addr().AsSlice(), p.pfx.Bits()
	}
	if fam == AF_UNSPEC {
		fam = AF_INET
	}
	a["family"] = fam
	action := r.Action
	switch {
	case action == "" && r.Goto != 0:
		action = "goto"
	case action == "" && r.Table != 0:
		action = "lookup"
	}
	if action != "" {
		enum, ok := ruleActionNames[action]
		if !ok {
			return nil, fmt.Errorf("rule action %q: want lookup, goto, nop, blackhole, unreachable or prohibit", action)
		}
		a["action"] = enum
	} else if adding {
		return nil, fmt.Errorf("rule: give a table, a goto or an action")
	}
	if action == "lookup" && r.Table == 0 && adding {
		return nil, fmt.Errorf("rule: action lookup needs a table")
	}
	if action == "goto" && r.Goto == 0 && adding {
		return nil, fmt.Errorf("rule: action goto needs the priority to go to")
	}
	if r.Table != 0 {
		a["table"] = r.Table // FRA_TABLE; the header's 8 bits as ip fills them
		if r.Table < 256 {
			a["frh-table"] = r.Table
		} else {
			a["frh-table"] = uint32(252) // RT_TABLE_COMPAT
		}
	}
	if r.Goto != 0 {
		a["goto"] = r.Goto
	}
	if r.Priority != nil {
		a["priority"] = *r.Priority
	}
	if r.IIf != "" {
		a["iifname"] = r.IIf
	}
	if r.OIf != "" {
		a["oifname"] = r.OIf
	}
	if r.FWMark != nil {
		a["fwmark"] = *r.FWMark
	}
	if r.FWMask != nil {
		a["fwmask"] = *r.FWMask
	}
	if r.Protocol != 0 {
		a["protocol"] = r.Protocol
	}
	if r.Invert {
		a["flags"] = []any{"invert"}
	}
	return a, nil
}

// Check reports what is wrong with r as a rule to add, before any request.
func (r RuleSpec) Check() error {
	_, err := r.attrs(true)
	return err
}

// RuleAdd adds a rule (ip rule add).
func RuleAdd(ctx context.Context, s *nlsock.Socket, r RuleSpec) error {
	return ruleChange(ctx, s, r, "newrule", true)
}

// RuleDel deletes the first rule that matches r (ip rule del).
func RuleDel(ctx context.Context, s *nlsock.Socket, r RuleSpec) error {
	return ruleChange(ctx, s, r, "delrule", false)
}

func ruleChange(ctx context.Context, s *nlsock.Socket, r RuleSpec, op string, adding bool) error {
	a, err := r.attrs(adding)
	if err != nil {
		return err
	}
	flags := uint16(0)
	if adding {
		flags = nlsock.FlagCreate | nlsock.FlagExcl
	}
	_, err = describedCall(ctx, s, "rt-rule", op, false, a, flags)
	return err
}
