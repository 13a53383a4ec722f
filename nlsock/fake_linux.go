package nlsock

import (
	"fmt"

	"github.com/nlsh/nlsh/nlsock/internal/fakeseam"
	"golang.org/x/sys/unix"
)

// The fake kernel of nlsock/nlfake reaches openFake through fakeseam. Its
// socket skips setup (no netlink socket options, no bind: the fake chose
// the fd's address and the port id) and sends to the fake's address; the
// rest, reading included, is the real Socket.
func init() { fakeseam.Open = openFake }

func openFake(proto, fd int, portID uint32, k fakeseam.Kernel, cfg any) (any, func(), error) {
	c, ok := cfg.(Config)
	if !ok {
		unix.Close(fd)
		return nil, nil, fmt.Errorf("fakeseam.Open: cfg is %T, not an nlsock.Config", cfg)
	}
	s := newSocket(proto, NetNS{}, fd, c)
	s.portID, s.fake = portID, k
	s.fault = &readFault{loss: true}
	if _, err := s.ready(s.describe() + " (fake kernel)"); err != nil {
		return nil, nil, err
	}
	return s, func() { s.fault.enobufs.Add(1) }, nil
}
