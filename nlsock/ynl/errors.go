//go:build linux

package ynl

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/nlsh/nlsh/nlsock"
)

// Error is a failed operation. When the kernel's extended ACK points into
// the request (an offset) or names a missing attribute, Attr and Missing
// name them by the spec ("addr.family").
type Error struct {
	Family, Op string
	Attr       string // the attribute at the ext-ack offset
	Missing    string // the attribute the kernel reported missing
	Err        error
}

// Error is one line naming the family and the operation: "netdev
// dev-get: no such device", with the kernel's extended ACK by attribute
// name: "netdev dev-get: numerical result out of range: integer out of
// range (attribute ifindex at offset 20)".
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: ", e.Family, e.Op)
	switch err := e.Err.(type) {
	case *nlsock.KernelError:
		// its own text names the request by message type ("type 0x14
		// request"), which says less than the operation's name
		b.WriteString(err.Errno.Error())
		e.writeExtAck(&b, err.ExtAck)
	case *nlsock.TimeoutError:
		b.WriteString((&nlsock.TimeoutError{After: err.After}).Error())
	default:
		b.WriteString(e.Err.Error())
		if e.Attr != "" {
			fmt.Fprintf(&b, " [attribute %s]", e.Attr)
		}
		if e.Missing != "" {
			fmt.Fprintf(&b, " [missing attribute %s]", e.Missing)
		}
	}
	return b.String()
}

// writeExtAck appends ": text (notes)", naming by the spec the attributes
// the ext-ack points at.
func (e *Error) writeExtAck(b *strings.Builder, x nlsock.ExtAck) {
	if x.Msg != "" {
		b.WriteString(": ")
		b.WriteString(x.Msg)
	}
	var notes []string
	switch {
	case x.HasOffset && e.Attr != "":
		notes = append(notes, fmt.Sprintf("attribute %s at offset %d", e.Attr, x.Offset))
	case x.HasOffset:
		notes = append(notes, fmt.Sprintf("offset %d", x.Offset))
	}
	switch {
	case x.HasMissing && e.Missing != "":
		notes = append(notes, "missing attribute "+e.Missing)
	case x.HasMissing:
		notes = append(notes, fmt.Sprintf("missing attribute type %d", x.MissingType))
	}
	if x.Cookie != nil {
		notes = append(notes, "cookie "+hex.EncodeToString(x.Cookie))
	}
	if len(notes) > 0 {
		b.WriteString(" (" + strings.Join(notes, ", ") + ")")
	}
}

func (e *Error) Unwrap() error { return e.Err }

// opError wraps err from a request of op, naming the attributes the
// extended ACK points at.
func (s *Spec) opError(op *Op, err error) error {
	e := &Error{Family: s.Name, Op: op.Name, Err: err}
	var ke *nlsock.KernelError
	if !errors.As(err, &ke) || op.Set == nil {
		return e
	}
	start := nlsock.HeaderLen
	if s.IsGeneric() {
		start += nlsock.GenlHeaderLen
	}
	if op.FixedHeader != nil {
		start += op.FixedHeader.Size
	}
	if start > len(ke.Sent) {
		return e
	}
	attrs := ke.Sent[start:]
	x := ke.ExtAck
	if x.HasOffset && int(x.Offset) >= start {
		path, _ := attrAt(op.Set, attrs, int(x.Offset)-start, 0)
		e.Attr = strings.Join(path, ".")
	}
	if x.HasMissing {
		set, path := op.Set, []string(nil)
		if x.MissingNest != 0 && int(x.MissingNest) >= start {
			path, set = attrAt(op.Set, attrs, int(x.MissingNest)-start, 0)
		}
		name := fmt.Sprintf("type %d", x.MissingType)
		if set != nil {
			if a, ok := set.ByType(x.MissingType); ok {
				name = a.Name
			}
		}
		e.Missing = strings.Join(append(path, name), ".")
	}
	return e
}

// attrAt names the attribute at offset off of b (attributes of set): the
// path of names down to it, and the set of the innermost nest it is in.
func attrAt(set *AttrSet, b []byte, off, depth int) ([]string, *AttrSet) {
	var path []string
	var inner *AttrSet
	_ = nlsock.WalkAttrs(b, func(na nlsock.Attr) error {
		end := na.Offset + nlsock.AttrHeaderLen + len(na.Data)
		if off < na.Offset || off >= end {
			return nil
		}
		a, ok := set.ByType(na.Type)
		if !ok {
			path = []string{fmt.Sprintf("type %d", na.Type)}
			return errStop
		}
		path, inner = []string{a.Name}, a.Nested
		dataOff := na.Offset + nlsock.AttrHeaderLen
		if off > na.Offset && a.Nested != nil && a.Type == "nest" && depth < nlsock.MaxNestingDepth {
			sub, subSet := attrAt(a.Nested, na.Data, off-dataOff, depth+1)
			path = append(path, sub...)
			if subSet != nil || len(sub) > 0 {
				inner = subSet
			}
		}
		return errStop
	})
	return path, inner
}

var errStop = errors.New("stop")
