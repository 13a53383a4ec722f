//go:build linux

package monitor

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"golang.org/x/sys/unix"
)

// netnsDir is where `ip netns` binds the namespaces it names.
const netnsDir = "/run/netns"

// rescanEvery is how often an all-namespace monitor looks for namespaces
// named since it started, to give them an nsid.
const rescanEvery = time.Second

// netnsNames names the namespaces an all-namespace monitor hears from.
// The kernel tags their events with the nsid the monitor's namespace gives
// them, and delivers a namespace's events only if it has one: scan gives
// one to every namespace named in /run/netns that has none (as `ip netns
// set NAME auto` does) and maps the nsids to the names.
type netnsNames struct {
	sock *nlsock.Socket // NETLINK_ROUTE in the monitor's namespace

	mu       sync.Mutex
	byID     map[int32]string
	inodes   map[string]uint64 // the namespace each name was bound to when scanned
	lastFull time.Time
}

func openNetnsNames(ns nlsock.NetNS) (*netnsNames, error) {
	s, err := nlsock.Open(unix.NETLINK_ROUTE, ns)
	if err != nil {
		return nil, err
	}
	return &netnsNames{sock: s, byID: map[int32]string{}, inodes: map[string]uint64{}}, nil
}

// scan looks at /run/netns: a name not seen before, or bound to another
// namespace since, gets an nsid and its place in the map. With full, every
// name is asked again (an nsid nobody knew came in).
func (n *netnsNames) scan(ctx context.Context, full bool) error {
	entries, err := os.ReadDir(netnsDir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if full {
		n.lastFull = time.Now()
	}
	for _, e := range entries {
		name := e.Name()
		var st unix.Stat_t
		if err := unix.Stat(netnsDir+"/"+name, &st); err != nil {
			continue // removed meanwhile, or not a namespace
		}
		if !full && n.inodes[name] == st.Ino {
			continue
		}
		nsid, err := n.assign(ctx, netnsDir+"/"+name)
		if err != nil {
			continue // not a namespace (a stale file), or gone
		}
		n.inodes[name] = st.Ino
		n.byID[nsid] = name
	}
	return nil
}

// assign gives the namespace bound at path an nsid if it has none.
func (n *netnsNames) assign(ctx context.Context, path string) (int32, error) {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return 0, err
	}
	defer unix.Close(fd)
	return rtnl.AssignNSID(ctx, n.sock, fd)
}

// label names the namespace of nsid as the events show it:
// "/run/netns/NAME", or "nsid N" when no name is bound to it (an unnamed
// namespace another program gave an nsid). An unknown nsid makes it look
// at /run/netns again, at most every rescanEvery.
func (n *netnsNames) label(nsid int32) string {
	n.mu.Lock()
	name, ok := n.byID[nsid]
	stale := !ok && time.Since(n.lastFull) > rescanEvery
	n.mu.Unlock()
	if stale {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		n.scan(ctx, true)
		cancel()
		n.mu.Lock()
		name, ok = n.byID[nsid]
		n.mu.Unlock()
	}
	if !ok {
		return "nsid " + strconv.Itoa(int(nsid))
	}
	return nlsock.Name(name).String()
}

// watch gives namespaces named later an nsid, every rescanEvery, until
// ctx ends.
func (n *netnsNames) watch(ctx context.Context) {
	t := time.NewTicker(rescanEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			n.scan(ctx, false)
		}
	}
}

func (n *netnsNames) close() { n.sock.Close() }
