//go:build linux

package monitor

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/nlsh/nlsh/nlsock"
)

// directReadLimit is the largest event datagram a monitor socket reads
// without peeking at its size first (nlsock's SetDirectRead): one recvmsg
// an event instead of two. The kernel's events are a few KiB at most; a
// larger datagram ends the monitor with an error naming its size. The
// buffer's pages are only touched as far as datagrams fill them.
const directReadLimit = 1 << 20

// queueLen bounds the events read ahead of Next: the kernel's socket buffer,
// which the monitor raises and reports, is the real queue.
const queueLen = 32

// ErrClosed is returned by Next after Close.
var ErrClosed = errors.New("monitor closed")

// Options configure a Monitor. The zero value monitors the host namespace
// with the buffer raised to DefaultReadBuffer.
type Options struct {
	NetNS      nlsock.NetNS
	ReadBuffer int  // bytes; 0 raises to DefaultReadBuffer, < 0 keeps the kernel default
	Force      bool // with ReadBuffer > 0: SO_RCVBUFFORCE (fails without CAP_NET_ADMIN)
	Resync     bool // re-dump the groups' objects after an overrun and report the changes
	// AllNetNS also hears every other namespace that has an nsid in NetNS
	// (NETLINK_LISTEN_ALL_NSID), giving one to each namespace named in
	// /run/netns that has none, now and as they appear; events from them
	// carry the nsid and their name. Not with Resync, which re-dumps one
	// namespace.
	AllNetNS bool
	Capture  nlsock.CaptureWriter
	// SpecDirs are searched first for the YNL specs that decode generic
	// netlink events (then $NLSH_SPECS and /usr/share/ynl/specs); a family
	// without a spec has its commands numbered.
	SpecDirs []string
	// Track, if set, is called with each socket the monitor opens (luabind
	// uses it to close them with the Lua state). Closing one ends the
	// monitor's reading of it.
	Track func(*nlsock.Socket)
	// Open, if set, opens the monitor's sockets (and those its resyncs
	// dump through) instead of nlsock.OpenConfig: tests give a fake
	// kernel's (nlsock/nlfake) to check the monitor's own logic without
	// root.
	Open func(proto int, ns nlsock.NetNS, cfg nlsock.Config) (*nlsock.Socket, error)
}

// open opens a socket as Options.Open says.
func (o Options) open(proto int, cfg nlsock.Config) (*nlsock.Socket, error) {
	if o.Open != nil {
		return o.Open(proto, o.NetNS, cfg)
	}
	return nlsock.OpenConfig(proto, o.NetNS, cfg)
}

// source is one socket and what it joined.
type source struct {
	sock    *nlsock.Socket
	receive func(context.Context) (nlsock.Message, error) // sock.Receive (a test's seam)
	proto   int
	groups  []uint32
	buf     Buffer
}

// item is what a reader goroutine hands to Next.
type item struct {
	src     *source
	m       nlsock.Message
	t       time.Time
	overrun bool
	lost    error // with overrun: a datagram too large to read (nlsock.ErrTruncated)
	err     error
}

// Monitor yields the events of the groups it joined.
type Monitor struct {
	opts    Options
	label   string
	sources []*source
	in      chan item
	ctx     context.Context
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	once    sync.Once

	direct  *source        // the only source, read by Next itself (no reader goroutine)
	pending []Event        // resync events waiting to be returned
	states  map[int]*state // tracked objects per protocol, when Resync
	genl    map[uint16]*genlFamily
	names   *netnsNames // with AllNetNS
	sum     Summary
}

// Open resolves nothing itself: give it Subscriptions from Resolve. It
// opens one socket per protocol in opts.NetNS, raises the buffers, joins
// the groups and starts reading. With Resync it first dumps the objects the
// groups cover, and queues a resync note for each group whose objects it
// cannot re-dump, saying why.
func Open(ctx context.Context, opts Options, subs ...Subscription) (*Monitor, error) {
	if len(subs) == 0 {
		return nil, errors.New("monitor: nothing to monitor")
	}
	if opts.AllNetNS && opts.Resync {
		return nil, errors.New("monitor: resync re-dumps one namespace; it cannot follow every namespace")
	}
	m := &Monitor{opts: opts, label: opts.NetNS.String(), in: make(chan item, queueLen)}
	m.sum.Types = map[string]int{}
	m.sum.Start = time.Now()
	var err error
	if m.genl, err = genlFamilies(subs, opts.SpecDirs); err != nil {
		return nil, err
	}
	if err := m.open(subs); err != nil {
		m.closeSources()
		return nil, err
	}
	if opts.Resync {
		m.states = map[int]*state{}
		for _, src := range m.sources {
			st, notes := newState(src.proto, src.groups, subs, m.genl)
			for _, n := range notes {
				m.pending = append(m.pending, Event{Time: time.Now(), NetNS: m.label, Proto: src.proto, Type: "resync", Text: n, Resync: true})
			}
			if st == nil {
				continue
			}
			if err := st.load(ctx, opts); err != nil {
				m.closeSources()
				return nil, fmt.Errorf("monitor: initial dump of %s for --resync: %w", st.names(), err)
			}
			m.states[src.proto] = st
		}
	}
	m.ctx, m.cancel = context.WithCancel(context.Background())
	if opts.AllNetNS {
		if m.names, err = openNetnsNames(opts.NetNS); err != nil {
			m.cancel()
			m.closeSources()
			return nil, fmt.Errorf("monitor: every namespace: %w", err)
		}
		if err := m.names.scan(ctx, true); err != nil {
			m.cancel()
			m.closeSources()
			m.names.close()
			return nil, fmt.Errorf("monitor: every namespace: %w", err)
		}
		m.wg.Add(1)
		go func() {
			defer m.wg.Done()
			m.names.watch(m.ctx)
		}()
	}
	if len(m.sources) == 1 {
		// One socket: Next reads it itself, saving a goroutine handoff per event.
		m.direct = m.sources[0]
		return m, nil
	}
	for _, src := range m.sources {
		m.wg.Add(1)
		go m.read(src)
	}
	return m, nil
}

func (m *Monitor) open(subs []Subscription) error {
	byProto := map[int]*source{}
	for _, sub := range subs {
		src := byProto[sub.Proto]
		if src == nil {
			s, err := m.opts.open(sub.Proto, nlsock.Config{ListenAllNSID: m.opts.AllNetNS})
			if err != nil {
				return err
			}
			if m.opts.Track != nil {
				m.opts.Track(s)
			}
			src = &source{sock: s, receive: s.Receive, proto: sub.Proto}
			byProto[sub.Proto] = src
			m.sources = append(m.sources, src)
			if src.buf, err = raise(s, m.opts); err != nil {
				return err
			}
			if err := s.SetDirectRead(directReadLimit); err != nil {
				return err
			}
			if m.opts.Capture != nil {
				if err := s.SetCapture(m.opts.Capture); err != nil {
					return err
				}
			}
		}
		for _, g := range sub.Groups {
			if err := src.sock.Join(g); err != nil {
				return fmt.Errorf("monitor %s: %w", sub.Spec, err)
			}
			src.groups = append(src.groups, g)
		}
	}
	return nil
}

// read feeds one socket's messages and overruns to Next.
func (m *Monitor) read(src *source) {
	defer m.wg.Done()
	for {
		it, err := received(m.ctx, src)
		switch {
		case err == nil:
		case m.ctx.Err() != nil || errors.Is(err, nlsock.ErrClosed):
			return
		default:
			it.err = err
		}
		select {
		case m.in <- it:
		case <-m.ctx.Done():
			return
		}
		if it.err != nil {
			return
		}
	}
}

// received reads one message of src into an item; an overrun or a
// truncated datagram is marked on the item (the monitor reports it and
// goes on), any other error returned.
func received(ctx context.Context, src *source) (item, error) {
	msg, err := src.receive(ctx)
	it := item{src: src, m: msg, t: time.Now()}
	switch {
	case errors.Is(err, nlsock.ErrOverrun):
		it.overrun = true
	case errors.Is(err, nlsock.ErrTruncated):
		it.overrun, it.lost = true, err
	default:
		return it, err
	}
	return it, nil
}

// receive reads the direct source.
func (m *Monitor) receive(ctx context.Context) (item, error) {
	it, err := received(ctx, m.direct)
	switch {
	case err == nil:
	case ended(ctx, err) != nil:
		return it, ended(ctx, err)
	case m.ctx.Err() != nil || errors.Is(err, nlsock.ErrClosed):
		return it, ErrClosed
	default:
		it.err = err
	}
	return it, nil
}

// Buffers reports each socket's receive buffer.
func (m *Monitor) Buffers() []Buffer {
	var bs []Buffer
	for _, src := range m.sources {
		bs = append(bs, src.buf)
	}
	return bs
}

// Buffered reports whether Next can return without waiting.
func (m *Monitor) Buffered() bool {
	if m.direct != nil && m.direct.sock.Stats().Queued > 0 {
		return true
	}
	return len(m.pending) > 0 || len(m.in) > 0
}

// Next returns the next event. It blocks until one arrives, ctx ends or
// the monitor is closed (ErrClosed). The end of ctx is not a failure: Next
// returns context.DeadlineExceeded or context.Canceled themselves, never
// wrapped, also when a read saw the deadline pass before ctx's own timer
// marked ctx done.
func (m *Monitor) Next(ctx context.Context) (Event, error) {
	if len(m.pending) > 0 {
		ev := m.pending[0]
		m.pending = m.pending[1:]
		m.count(ev)
		return ev, nil
	}
	it, err := m.nextItem(ctx, 0)
	if err != nil {
		return Event{}, err
	}
	ev := m.event(it)
	if st := m.states[it.src.proto]; ev.Overrun && st != nil {
		m.pending = m.resync(ctx, st)
	}
	m.count(ev)
	return ev, nil
}

// ended returns how ctx ended if err, a read's failure, is ctx's end, else
// nil. A read waits for the socket until ctx's deadline and can return
// context.DeadlineExceeded before ctx's timer has run and set ctx.Err():
// that is the deadline all the same, not a failure to report.
func ended(ctx context.Context, err error) error {
	if cerr := ctx.Err(); cerr != nil {
		return cerr
	}
	if dl, ok := ctx.Deadline(); ok && !time.Now().Before(dl) && errors.Is(err, context.DeadlineExceeded) {
		return context.DeadlineExceeded
	}
	return nil
}

// errEmpty: nothing arrived within the wait of nextItem.
var errEmpty = errors.New("no event waiting")

// nextItem returns the next message or overrun; with wait > 0 it gives up
// with errEmpty after that long.
func (m *Monitor) nextItem(ctx context.Context, wait time.Duration) (item, error) {
	if m.direct != nil {
		rctx := ctx
		if wait > 0 {
			var cancel context.CancelFunc
			rctx, cancel = context.WithTimeout(ctx, wait)
			defer cancel()
		}
		it, err := m.receive(rctx)
		if err != nil && wait > 0 && ended(ctx, err) == nil {
			return it, errEmpty // the wait ran out, not ctx
		}
		if err == nil && it.err != nil {
			err = fmt.Errorf("monitor: %w", it.err)
		}
		return it, err
	}
	var timeout <-chan time.Time
	if wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case it := <-m.in:
		if it.err != nil {
			return it, fmt.Errorf("monitor: %w", it.err)
		}
		return it, nil
	case <-timeout:
		return item{}, errEmpty
	case <-ctx.Done():
		return item{}, ctx.Err()
	case <-m.ctx.Done():
		return item{}, ErrClosed
	}
}

// event turns an item into an Event and keeps the tracked state current.
func (m *Monitor) event(it item) Event {
	ev := Event{Time: it.t, NetNS: m.label, Proto: it.src.proto}
	if it.overrun {
		ev.Type, ev.Overrun, ev.ReadBuffer = "overrun", true, it.src.buf.Got
		ev.Text = overrunText(it.src.proto, ev.ReadBuffer, it.lost, m.opts.Resync, m.states[it.src.proto] != nil)
		ev.Err = it.lost
		return ev
	}
	ev.Message = it.m
	ev.Group = it.m.Source.Group
	if it.m.Source.HasNSID && m.names != nil {
		ev.NSID, ev.HasNSID = it.m.Source.NSID, true
		ev.NetNS = m.names.label(ev.NSID)
	}
	describeEvent(m.genl, &ev)
	if st := m.states[it.src.proto]; st != nil {
		st.apply(&ev)
	}
	return ev
}

// Draining bounds: a resync first reads what is queued until nothing has
// come for drainWait, at most maxDrain messages.
const (
	drainWait = 5 * time.Millisecond
	maxDrain  = 1 << 20
)

// resync reads what the sockets still hold, then re-dumps. The kernel
// keeps dropping events silently after an overrun until a read finds the
// socket's queue empty, so a dump taken before that could miss changes
// for good. The drained events are returned first (they happened), then
// the differences the dumps show: st's, and those of any other protocol
// that overran meanwhile.
func (m *Monitor) resync(ctx context.Context, st *state) []Event {
	var evs []Event
	stale := []*state{st}
	for range maxDrain {
		it, err := m.nextItem(ctx, drainWait)
		if err != nil {
			break
		}
		ev := m.event(it)
		if o := m.states[it.src.proto]; ev.Overrun && o != nil && !slices.Contains(stale, o) {
			stale = append(stale, o)
		}
		evs = append(evs, ev)
	}
	for _, st := range stale {
		evs = append(evs, st.resync(ctx, m.opts, m.label)...)
	}
	return evs
}

// Close stops reading and closes the sockets. It is idempotent.
func (m *Monitor) Close() error {
	m.once.Do(func() {
		m.cancel()
		m.closeSources()
		m.wg.Wait()
		if m.names != nil {
			m.names.close()
		}
	})
	return nil
}

func (m *Monitor) closeSources() {
	for _, src := range m.sources {
		src.sock.Close()
	}
}

// Summary counts what Next returned.
type Summary struct {
	Start    time.Time
	Events   int            // messages (not overruns or resync notes)
	Overruns int            // times the kernel dropped events
	Resynced int            // changes found by resyncs
	Types    map[string]int // events per Type
}

func (m *Monitor) count(ev Event) {
	switch {
	case ev.Overrun:
		m.sum.Overruns++
	case ev.Resync:
		if ev.Object != "" {
			m.sum.Resynced++
		}
	default:
		m.sum.Events++
		m.sum.Types[ev.Type]++
	}
}

// Summary returns the counts so far.
func (m *Monitor) Summary() Summary {
	s := m.sum
	s.Types = make(map[string]int, len(m.sum.Types))
	for k, v := range m.sum.Types {
		s.Types[k] = v
	}
	return s
}

// String: "12 events, 0 overruns in 1.5s: RTM_NEWLINK 8, RTM_DELLINK 4".
func (s Summary) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d events, %d overruns", s.Events, s.Overruns)
	if s.Resynced > 0 {
		fmt.Fprintf(&b, ", %d changes found by resync", s.Resynced)
	}
	fmt.Fprintf(&b, " in %s", time.Since(s.Start).Round(time.Millisecond))
	types := make([]string, 0, len(s.Types))
	for t := range s.Types {
		types = append(types, t)
	}
	sort.Slice(types, func(i, j int) bool {
		if s.Types[types[i]] != s.Types[types[j]] {
			return s.Types[types[i]] > s.Types[types[j]]
		}
		return types[i] < types[j]
	})
	for i, t := range types {
		sep := ", "
		if i == 0 {
			sep = ": "
		}
		fmt.Fprintf(&b, "%s%s %d", sep, t, s.Types[t])
	}
	return b.String()
}
