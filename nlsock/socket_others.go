//go:build !linux

package nlsock

// The entry points of socket_linux.go, netns_linux.go and namespace_linux.go
// on a system without netlink: their types exist so that callers build, and
// everything that would open a socket or a namespace returns ErrNotLinux.

// Config adjusts a socket at open; no socket opens here.
type Config struct{}

// Socket is a netlink socket; none exists on this system.
type Socket struct{}

// NetNS names a network namespace; there are none on this system.
type NetNS struct{}

// Namespace is an anonymous network namespace; none can be made here.
type Namespace struct{}

// Host is the namespace of the calling process.
func Host() NetNS { return NetNS{} }

// PID is the network namespace of process pid.
func PID(int) NetNS { return NetNS{} }

// Path is the network namespace bound at path.
func Path(string) NetNS { return NetNS{} }

// Name is the network namespace /run/netns/name.
func Name(string) NetNS { return NetNS{} }

// Open fails with ErrNotLinux.
func Open(proto int, ns NetNS) (*Socket, error) { return OpenConfig(proto, ns, Config{}) }

// OpenConfig fails with ErrNotLinux.
func OpenConfig(int, NetNS, Config) (*Socket, error) { return openNotLinux() }

// NewNamespace fails with ErrNotLinux.
func NewNamespace() (*Namespace, error) { return newNamespaceNotLinux() }
