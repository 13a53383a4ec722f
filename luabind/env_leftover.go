//go:build linux

package luabind

import (
	"fmt"
	"sort"
)

// CloseLeftovers closes every socket and namespace handed to Lua that is
// still open, and describes each one it closed ("route, portid 1234";
// "netns#3 (anonymous)"), sorted: a test harness reports what a script
// forgot to close.
func (e *Env) CloseLeftovers() (sockets, namespaces []string) {
	e.mu.Lock()
	socks := make([]*Socket, 0, len(e.sockets))
	for s := range e.sockets {
		socks = append(socks, s)
	}
	spaces := make([]*namespace, 0, len(e.spaces))
	for n := range e.spaces {
		spaces = append(spaces, n)
	}
	e.mu.Unlock()
	for _, s := range socks {
		desc := fmt.Sprintf("%s, portid %d", ProtoLabel(s.Proto), s.Sock.PortID())
		if s.Close() {
			sockets = append(sockets, desc)
		}
	}
	for _, n := range spaces {
		desc := n.String()
		if n.close() {
			namespaces = append(namespaces, desc)
		}
	}
	sort.Strings(sockets)
	sort.Strings(namespaces)
	return sockets, namespaces
}
