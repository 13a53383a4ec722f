package nlfake_test

import (
	"bytes"
	"encoding/binary"
	"runtime"
	"testing"
	"time"

	"github.com/mdlayher/netlink"
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/nlfake"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"golang.org/x/sys/unix"
)

func init() { runtime.LockOSThread() }

// The fake's answers are only worth testing against if they are shaped as
// the kernel's: these tests send the same requests to Linux (in a fresh
// namespace) and to the fake, and compare the bytes.

// kernelAnswer sends m on a route socket in a fresh namespace, outside a
// Request so the answer is kept whole, and returns every message of it.
func kernelAnswer(t *testing.T, m nlsock.Message, n int) []nlsock.Message {
	t.Helper()
	s := nlsocktest.Open(t, unix.NETLINK_ROUTE, nlsocktest.NewNamespace(t).NetNS())
	return sendAndRead(t, s, m, n)
}

// fakeAnswer does the same on the fake, whose handler is h.
func fakeAnswer(t *testing.T, h func([]netlink.Message) ([]netlink.Message, error), m nlsock.Message, n int) ([]nlsock.Message, uint32) {
	t.Helper()
	k := nlfake.New(t)
	k.Handle(unix.NETLINK_ROUTE, h)
	s, err := k.Open(unix.NETLINK_ROUTE, nlsock.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	return sendAndRead(t, s, m, n), s.PortID()
}

func sendAndRead(t *testing.T, s *nlsock.Socket, m nlsock.Message, n int) []nlsock.Message {
	t.Helper()
	ctx := nlsocktest.Context(t, 5*time.Second)
	m.Header.Seq = 7
	if err := s.Send(ctx, m); err != nil {
		t.Fatal(err)
	}
	var out []nlsock.Message
	for range n {
		r, err := s.Receive(ctx)
		if err != nil {
			t.Fatal(err)
		}
		r.Payload = bytes.Clone(r.Payload)
		out = append(out, r)
	}
	return out
}

// portless is m with the port id zeroed: the kernel's and the fake's
// sockets have their own.
func portless(m nlsock.Message) nlsock.Message {
	m.Header.PortID, m.Source = 0, nlsock.Addr{}
	return m
}

func getLink(index int32, flags uint16) nlsock.Message {
	ifi := make([]byte, unix.SizeofIfInfomsg)
	binary.NativeEndian.PutUint32(ifi[4:], uint32(index))
	return nlsock.Message{Header: nlsock.Header{Type: unix.RTM_GETLINK, Flags: nlsock.FlagRequest | flags}, Payload: ifi}
}

// The ACK, the errno reply and the DONE of the fake are byte for byte the
// kernel's.
func TestAckAndErrorAsKernel(t *testing.T) {
	for _, tc := range []struct {
		name string
		req  nlsock.Message
		n    int // messages answered; the last is compared
		h    func([]netlink.Message) ([]netlink.Message, error)
	}{
		{"ack", getLink(1, nlsock.FlagAck), 2, func(req []netlink.Message) ([]netlink.Message, error) {
			return []netlink.Message{nlfake.Link(1, "lo", 65536, unix.IFF_LOOPBACK)}, nil
		}},
		{"enodev", getLink(99, 0), 1, func([]netlink.Message) ([]netlink.Message, error) { return nil, unix.ENODEV }},
		{"done", getLink(0, nlsock.FlagDump), 2, nlfake.FreshNamespace},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k := kernelAnswer(t, tc.req, tc.n)
			f, _ := fakeAnswer(t, tc.h, tc.req, tc.n)
			kl, fl := portless(k[tc.n-1]), portless(f[tc.n-1])
			if kl.Header != fl.Header || !bytes.Equal(kl.Payload, fl.Payload) {
				t.Errorf("kernel %+v % x\nfake   %+v % x", kl.Header, kl.Payload, fl.Header, fl.Payload)
			}
		})
	}
}

// An ext-ack error of the fake has the kernel's flags, echo and TLVs (the
// kernel adds the policy of the attribute; the fake writes none).
func TestExtAckErrorAsKernel(t *testing.T) {
	req := getLink(0, 0)
	ae := netlink.NewAttributeEncoder()
	ae.Uint16(unix.IFLA_MTU, 1500) // a u32 attribute two bytes short
	attrs, _ := ae.Encode()
	req.Payload = append(req.Payload, attrs...)
	k := kernelAnswer(t, req, 1)
	ke, err := nlsock.ParseError(k[0])
	if err != nil || ke.Errno == 0 || !ke.HasExtAck || !ke.ExtAck.HasOffset {
		t.Fatalf("the kernel's answer %+v (%v) is no ext-ack error", ke, err)
	}
	f, port := fakeAnswer(t, func(r []netlink.Message) ([]netlink.Message, error) {
		return []netlink.Message{nlfake.ExtAckError(int(-ke.Errno), r[0], ke.ExtAck.Msg, ke.ExtAck.Offset)}, nil
	}, req, 1)
	fe, err := nlsock.ParseError(f[0])
	if err != nil {
		t.Fatal(err)
	}
	if f[0].Header.Flags != k[0].Header.Flags || f[0].Header.PortID != port {
		t.Errorf("header: kernel %+v, fake %+v", k[0].Header, f[0].Header)
	}
	if fe.Errno != ke.Errno || fe.Request != ke.Request || !bytes.Equal(fe.RequestPayload, ke.RequestPayload) ||
		fe.ExtAck.Msg != ke.ExtAck.Msg || fe.ExtAck.Offset != ke.ExtAck.Offset {
		t.Errorf("kernel %+v\nfake   %+v", ke, fe)
	}
}
