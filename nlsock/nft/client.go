//go:build linux

package nft

import (
	"context"
	"fmt"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"golang.org/x/sys/unix"
)

// Ruleset is everything Dump found, in the kernel's order.
type Ruleset struct {
	Tables []*Table
	Chains []*Chain
	Rules  []*Rule
	Sets   []*Set
}

// Tables dumps the tables of every family (NFT_MSG_GETTABLE).
func Tables(ctx context.Context, s *nlsock.Socket) ([]*Table, error) {
	return dump(ctx, s, MsgGetTable, func(m Message) *Table { return m.Table })
}

// Chains dumps the chains of every table.
func Chains(ctx context.Context, s *nlsock.Socket) ([]*Chain, error) {
	return dump(ctx, s, MsgGetChain, func(m Message) *Chain { return m.Chain })
}

// Rules dumps the rules of every chain.
func Rules(ctx context.Context, s *nlsock.Socket) ([]*Rule, error) {
	return dump(ctx, s, MsgGetRule, func(m Message) *Rule { return m.Rule })
}

// Sets dumps the sets of every table.
func Sets(ctx context.Context, s *nlsock.Socket) ([]*Set, error) {
	return dump(ctx, s, MsgGetSet, func(m Message) *Set { return m.Set })
}

// SetElements dumps the elements of one set (NFT_MSG_GETSETELEM).
func SetElements(ctx context.Context, s *nlsock.Socket, family uint8, table, set string) ([]SetElem, error) {
	if err := checkNetfilter(s); err != nil {
		return nil, err
	}
	var e nlsock.AttrEncoder
	es := setElemsTable().Set()
	err := es.Put(&e, "table", table)
	if err == nil {
		err = es.Put(&e, "set", set)
	}
	if err == nil {
		err = e.Err() // an attribute too long for nla_len, left out
	}
	if err != nil {
		return nil, fmt.Errorf("dump elements of set %s %s %s: %w", FamilyName(family), table, set, err)
	}
	req := nlsock.Message{
		Header:  nlsock.Header{Type: Type(MsgGetSetElem), Flags: nlsock.FlagDump},
		Payload: append(Header{Family: family}.Append(nil), e.Bytes()...),
	}
	reply, err := s.Request(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("dump elements of set %s %s %s: %w", FamilyName(family), table, set, err)
	}
	var out []SetElem
	for i, m := range reply.Messages {
		d, err := ParseMessage(m.Header.Type, m.Payload)
		if err != nil {
			return out, fmt.Errorf("dump elements of set %s: message %d: %w", set, i, err)
		}
		if d.Elems != nil {
			out = append(out, d.Elems.Elements...)
		}
	}
	return out, nil
}

// Dump dumps tables, chains, rules and sets: what `nft list ruleset` shows
// (without set elements). The four dumps are separate requests, so a
// change between them can make them disagree.
func Dump(ctx context.Context, s *nlsock.Socket) (*Ruleset, error) {
	var r Ruleset
	var err error
	if r.Tables, err = Tables(ctx, s); err != nil {
		return nil, err
	}
	if r.Chains, err = Chains(ctx, s); err != nil {
		return nil, err
	}
	if r.Rules, err = Rules(ctx, s); err != nil {
		return nil, err
	}
	if r.Sets, err = Sets(ctx, s); err != nil {
		return nil, err
	}
	return &r, nil
}

// dump sends the dump request msg for every family and returns what pick
// takes of each decoded object in the reply.
func dump[T any](ctx context.Context, s *nlsock.Socket, msg uint8, pick func(Message) T) ([]T, error) {
	if err := checkNetfilter(s); err != nil {
		return nil, err
	}
	req := nlsock.Message{
		Header:  nlsock.Header{Type: Type(msg), Flags: nlsock.FlagDump},
		Payload: Header{Family: FamilyUnspec}.Append(nil),
	}
	name := MsgName(Type(msg))
	reply, err := s.Request(ctx, req, nlsock.WithRetryInterrupted(3))
	if err != nil {
		return nil, fmt.Errorf("dump %s: %w", name, err)
	}
	var out []T
	for i, m := range reply.Messages {
		d, err := ParseMessage(m.Header.Type, m.Payload)
		if err != nil {
			return out, fmt.Errorf("dump %s: message %d: %w", name, i, err)
		}
		if d.Object() != "" {
			out = append(out, pick(d))
		}
	}
	return out, nil
}

// BatchError is a change the kernel refused; the whole batch was then
// rolled back. Unwrap gives the errno.
type BatchError struct {
	Index  int    // which change of the batch (0-based)
	Type   uint16 // its nlmsg_type
	Errno  unix.Errno
	ExtAck nlsock.ExtAck
}

func (e *BatchError) Error() string {
	return fmt.Sprintf("%s (change %d of the batch): %v%s", MsgName(e.Type), e.Index+1, e.Errno, e.ExtAck.Suffix())
}

// Unwrap returns the errno, so errors.Is(err, unix.EEXIST) works.
func (e *BatchError) Unwrap() error { return e.Errno }

// Apply sends the batch as one datagram and waits for the kernel to
// acknowledge every change. The kernel applies all changes or none; the
// first refused change is returned as a *BatchError.
//
// Apply reads the acknowledgements with Receive, which would swallow the
// events of groups s has joined; so when s is a member of any group, Apply
// sends the batch through a private socket in the same namespace instead,
// and the events (including those the batch causes) stay queued on s.
func Apply(ctx context.Context, s *nlsock.Socket, b *Batch) error {
	if err := checkNetfilter(s); err != nil {
		return err
	}
	if b.Len() == 0 {
		return nil
	}
	if groups, err := s.Memberships(); err != nil || len(groups) > 0 {
		private, err := nlsock.Open(unix.NETLINK_NETFILTER, s.NetNS())
		if err != nil {
			return fmt.Errorf("nf_tables batch: %w", err)
		}
		defer private.Close()
		s = private
	}
	msgs, err := b.Messages(s.Seq)
	if err != nil {
		return fmt.Errorf("nf_tables batch: %w", err)
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
	}
	if err := s.Send(ctx, msgs...); err != nil {
		return fmt.Errorf("nf_tables batch: %w", err)
	}
	return awaitAcks(ctx, s, msgs)
}

// awaitAcks collects one NLMSG_ERROR per change (errno 0 or not), and an
// error for the batch begin/end messages if the kernel refused the batch
// as a whole.
func awaitAcks(ctx context.Context, s *nlsock.Socket, msgs []nlsock.Message) error {
	index := map[uint32]int{}
	for i, m := range msgs {
		index[m.Header.Seq] = i - 1 // -1 is BATCH_BEGIN, len-2 BATCH_END
	}
	left := len(msgs) - 2
	var first *BatchError
	for left > 0 {
		m, err := s.Receive(ctx)
		if err != nil {
			return fmt.Errorf("nf_tables batch: waiting for %d acknowledgements: %w", left, err)
		}
		i, ours := index[m.Header.Seq]
		if !ours || m.Header.Type != nlsock.TypeError || !m.FromKernel() || m.Multicast() {
			continue
		}
		e, err := nlsock.ParseError(m)
		if err != nil {
			return fmt.Errorf("nf_tables batch: %w", err)
		}
		if e.Errno != 0 && (first == nil || i < first.Index) {
			first = &BatchError{Index: i, Type: msgs[i+1].Header.Type, Errno: unix.Errno(-e.Errno), ExtAck: e.ExtAck}
		}
		if i < 0 || i >= len(msgs)-2 {
			if e.Errno != 0 {
				break // the batch as a whole was refused
			}
			continue
		}
		delete(index, m.Header.Seq)
		left--
	}
	if first != nil {
		return first
	}
	return nil
}

// AddTable creates a table through a batch of its own.
func AddTable(ctx context.Context, s *nlsock.Socket, family uint8, name string) error {
	var b Batch
	b.AddTable(family, name, 0)
	return Apply(ctx, s, &b)
}

// DelTable deletes a table (and its contents) through a batch of its own.
func DelTable(ctx context.Context, s *nlsock.Socket, family uint8, name string) error {
	var b Batch
	b.DelTable(family, name)
	return Apply(ctx, s, &b)
}

func checkNetfilter(s *nlsock.Socket) error {
	if p := s.Protocol(); p != unix.NETLINK_NETFILTER {
		return fmt.Errorf("nf_tables needs a NETLINK_NETFILTER socket, not protocol %d (%s)", p, nlsock.ProtocolName(p))
	}
	return nil
}
