//go:build linux

package ynl

import "fmt"

// Operation numbering: the unified model (one value per operation) and the
// directional one (requests and replies counted apart).

func (s *Spec) compileOps(r *rawSpec) error {
	num := unifiedNumbers
	if r.Operations.EnumModel == "directional" {
		num = (&directionalNumbers{req: 1, rsp: 1}).next
	}
	val := int64(1)
	for i := range r.Operations.List {
		ro := &r.Operations.List[i]
		op, err := s.compileOp(ro, r.Operations.FixedHeader)
		if err != nil {
			return err
		}
		if ro.Value != nil {
			val = *ro.Value
		}
		if err := s.checkOpValues(ro, val); err != nil {
			return err
		}
		num(ro, op, val)
		val++
		s.Ops = append(s.Ops, op)
		s.ops[op.Name] = op
	}
	return s.resolveNotify()
}

func (s *Spec) compileOp(ro *rawOp, defHeader string) (*Op, error) {
	op := &Op{Name: ro.Name, Notify: ro.Notify, Group: ro.Mcgrp, Doc: ro.Doc}
	if ro.AttributeSet != "" {
		set, ok := s.Sets[ro.AttributeSet]
		if !ok {
			return nil, fmt.Errorf("operation %s: attribute-set %q is not defined", ro.Name, ro.AttributeSet)
		}
		op.Set = set
	}
	if h := firstNonEmpty(ro.FixedHeader, defHeader); h != "" {
		st, ok := s.Structs[h]
		if !ok {
			return nil, fmt.Errorf("operation %s: fixed-header %q is not a struct", ro.Name, h)
		}
		op.FixedHeader = st
	}
	op.Do, op.Dump = compileMode(ro.Do), compileMode(ro.Dump)
	if ro.Event != nil {
		op.Event = &Msg{Attrs: ro.Event.Attributes}
	}
	return op, nil
}

// maxOpValue is the largest command a family's messages can carry: the
// genlmsghdr's cmd is 8 bits, a netlink-raw nlmsg_type 16.
func (s *Spec) maxOpValue() int64 {
	if s.IsGeneric() {
		return 0xff
	}
	return 0xffff
}

// checkOpValues rejects an operation value that its message cannot carry,
// instead of truncating it to another command.
func (s *Spec) checkOpValues(ro *rawOp, val int64) error {
	vals := []int64{val}
	for _, m := range []*rawMode{ro.Do, ro.Dump} {
		if m == nil {
			continue
		}
		for _, a := range []*rawAttrs{m.Request, m.Reply} {
			if a != nil && a.Value != nil {
				vals = append(vals, *a.Value)
			}
		}
	}
	for _, v := range vals {
		if v < 0 || v > s.maxOpValue() {
			return fmt.Errorf("operation %s: value %d does not fit a %s message (0..%d)", ro.Name, v, s.Protocol, s.maxOpValue())
		}
	}
	return nil
}

// unifiedNumbers: requests, replies and notifications all carry the
// operation's value, counted from 1 in list order.
func unifiedNumbers(_ *rawOp, op *Op, val int64) {
	op.ReqValue, op.RspValue, op.hasReply = uint16(val), uint16(val), true
	op.setValues()
}

// directionalNumbers counts requests and replies apart, as the kernel's
// ynl does: a request or reply that states no value gets the one after
// the previous op's; notifications only use reply numbers.
type directionalNumbers struct{ req, rsp int64 }

func (d *directionalNumbers) next(ro *rawOp, op *Op, _ int64) {
	if ro.Notify != "" || ro.Event != nil {
		if ro.Value != nil {
			d.rsp = *ro.Value
		}
		op.RspValue, op.hasReply = uint16(d.rsp), true
		d.rsp++
		op.setValues()
		return
	}
	mode := ro.Do
	if mode == nil {
		mode = ro.Dump
	}
	if mode == nil {
		return
	}
	if mode.Request != nil && mode.Request.Value != nil {
		d.req = *mode.Request.Value
	}
	if mode.Reply != nil && mode.Reply.Value != nil {
		d.rsp = *mode.Reply.Value
	}
	op.ReqValue = uint16(d.req)
	d.req++
	if mode.Reply != nil {
		op.RspValue, op.hasReply = uint16(d.rsp), true
		d.rsp++
	}
	op.setValues()
}

// setValues gives the do and dump messages the operation's numbers.
func (op *Op) setValues() {
	for _, m := range []*Mode{op.Do, op.Dump} {
		if m == nil {
			continue
		}
		if m.Request != nil {
			m.Request.Value = op.ReqValue
		}
		if m.Reply != nil {
			m.Reply.Value = op.RspValue
		}
	}
	if op.Event != nil {
		op.Event.Value = op.RspValue
	}
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// compileMode reads a do or dump; setValues numbers it.
func compileMode(m *rawMode) *Mode {
	if m == nil {
		return nil
	}
	md := &Mode{}
	if m.Request != nil {
		md.Request = &Msg{Attrs: m.Request.Attributes}
	}
	if m.Reply != nil {
		md.Reply = &Msg{Attrs: m.Reply.Attributes}
	}
	return md
}

// resolveNotify gives notifications the attribute set of the operation
// whose replies they look like.
func (s *Spec) resolveNotify() error {
	for _, op := range s.Ops {
		if op.Notify == "" {
			continue
		}
		src, ok := s.ops[op.Notify]
		if !ok {
			return fmt.Errorf("operation %s: notify %q is not an operation", op.Name, op.Notify)
		}
		if op.Set == nil {
			op.Set = src.Set
		}
		if op.FixedHeader == nil {
			op.FixedHeader = src.FixedHeader
		}
	}
	return nil
}

// MessageTypes lists the message types that name one operation of s, a
// netlink-raw spec: the request type of each operation that has a do or a
// dump, and its reply type. A type that several operations send
// (sock-diag's 20, one operation per address family) names no operation by
// itself, its payload does, so neither it nor those operations' replies
// are listed.
func (s *Spec) MessageTypes() []uint16 {
	requests := map[uint16]int{}
	for _, op := range s.Ops {
		if op.Do != nil || op.Dump != nil {
			requests[op.ReqValue]++
		}
	}
	var types []uint16
	for _, op := range s.Ops {
		if requests[op.ReqValue] > 1 {
			continue
		}
		if op.Do != nil || op.Dump != nil {
			types = append(types, op.ReqValue)
		}
		if op.RspValue != 0 {
			types = append(types, op.RspValue)
		}
	}
	return types
}

// OpFor finds the operation a message carrying cmd belongs to: the one
// whose requests carry it for a request, else the one whose replies (or
// notifications) do; either side is tried when the first has none.
func (s *Spec) OpFor(cmd uint16, request bool) *Op {
	first, second := s.byReply, s.byRequest
	if request {
		first, second = second, first
	}
	if op := first(cmd); op != nil {
		return op
	}
	return second(cmd)
}

// byReply finds the operation whose replies or notifications carry cmd.
// A notification wins over the op it copies only if their values differ,
// so replies decode under the requesting op's name.
func (s *Spec) byReply(cmd uint16) *Op {
	for _, op := range s.Ops {
		if op.hasReply && op.RspValue == cmd {
			return op
		}
	}
	return nil
}

// byRequest finds the operation whose requests carry cmd (the kernel
// sends RTM_DELLINK, rt-link's dellink request type, when a link goes).
func (s *Spec) byRequest(cmd uint16) *Op {
	for _, op := range s.Ops {
		if (op.Do != nil || op.Dump != nil) && op.ReqValue == cmd {
			return op
		}
	}
	return nil
}
