package nlsock_test

import (
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nlsh/nlsh/nlsock"
	"golang.org/x/sys/unix"
)

// nlmsgerr builds an NLMSG_ERROR payload: errno, the echoed request header
// (and payload unless capped), then TLVs.
func nlmsgerr(errno int32, req []byte, capped bool, tlvs []byte) nlsock.Message {
	p := binary.NativeEndian.AppendUint32(nil, uint32(errno))
	if capped {
		p = append(p, req[:nlsock.HeaderLen]...)
	} else {
		p = append(p, req...)
		for len(p)%4 != 0 {
			p = append(p, 0)
		}
	}
	var flags uint16
	if capped {
		flags |= nlsock.FlagCapped
	}
	if len(tlvs) > 0 {
		flags |= nlsock.FlagAckTLVs
	}
	return nlsock.Message{Header: nlsock.Header{Type: nlsock.TypeError, Flags: flags}, Payload: append(p, tlvs...)}
}

func extAckTLVs() []byte {
	var e nlsock.AttrEncoder
	e.String(1, "Attribute failed policy validation")
	e.Uint32(2, 32)
	e.Uint32(5, 3)
	e.Uint32(6, 20)
	e.Raw(4, []byte{8, 0, 1, 0, 3, 0, 0, 0})
	e.Raw(3, []byte{0xde, 0xad})
	return e.Bytes()
}

func TestParseError(t *testing.T) {
	req := nlsock.AppendMessage(nil, nlsock.Message{
		Header:  nlsock.Header{Type: unix.RTM_GETLINK, Flags: 5, Seq: 9},
		Payload: []byte{1, 2, 3, 4, 5, 6}, // unaligned on purpose
	})
	req = req[:nlsock.HeaderLen+6]
	binary.NativeEndian.PutUint32(req, uint32(len(req)))
	want := nlsock.ExtAck{
		Msg: "Attribute failed policy validation", Offset: 32, HasOffset: true,
		MissingType: 3, MissingNest: 20, HasMissing: true,
		Policy: []byte{8, 0, 1, 0, 3, 0, 0, 0}, Cookie: []byte{0xde, 0xad},
	}
	for _, capped := range []bool{false, true} {
		e, err := nlsock.ParseError(nlmsgerr(-int32(unix.ERANGE), req, capped, extAckTLVs()))
		if err != nil {
			t.Fatalf("capped=%v: %v", capped, err)
		}
		if e.Errno != -int32(unix.ERANGE) || e.Request.Seq != 9 || e.Request.Type != unix.RTM_GETLINK || !e.HasExtAck {
			t.Errorf("capped=%v: %+v", capped, e)
		}
		if diff := cmp.Diff(want, e.ExtAck); diff != "" {
			t.Errorf("capped=%v: ext-ack (-want +got):\n%s", capped, diff)
		}
		if wantPayload := !capped; (len(e.RequestPayload) == 6) != wantPayload {
			t.Errorf("capped=%v: request payload %v", capped, e.RequestPayload)
		}
	}
	if got := want.String(); got != "Attribute failed policy validation (offset 32, missing attribute type 3 in the nest at offset 20, cookie dead)" {
		t.Errorf("String() = %q", got)
	}
}

func TestParseErrorDone(t *testing.T) {
	var e nlsock.AttrEncoder
	e.String(1, "Invalid values in header for link dump request")
	payload := append(binary.NativeEndian.AppendUint32(nil, negErrno(unix.EINVAL)), e.Bytes()...)
	m := nlsock.Message{Header: nlsock.Header{Type: nlsock.TypeDone, Flags: nlsock.FlagMulti | nlsock.FlagAckTLVs}, Payload: payload}
	em, err := nlsock.ParseError(m)
	if err != nil || em.Errno != -int32(unix.EINVAL) || em.ExtAck.Msg != "Invalid values in header for link dump request" {
		t.Errorf("DONE with errno: %+v, %v", em, err)
	}
	em, err = nlsock.ParseError(nlsock.Message{Header: nlsock.Header{Type: nlsock.TypeDone}})
	if err != nil || em.Errno != 0 {
		t.Errorf("empty DONE: %+v, %v", em, err)
	}
}

func TestParseErrorMalformed(t *testing.T) {
	req := nlsock.AppendMessage(nil, nlsock.Message{Header: nlsock.Header{Type: 18}, Payload: make([]byte, 20)})
	full := nlmsgerr(-22, req, false, extAckTLVs())
	for _, tc := range []struct {
		name string
		m    nlsock.Message
		want string
	}{
		{"short error", nlsock.Message{Header: nlsock.Header{Type: nlsock.TypeError}, Payload: make([]byte, 10)}, "NLMSG_ERROR payload of 10 bytes: struct nlmsgerr needs 20"},
		{"echo cut", nlsock.Message{Header: full.Header, Payload: full.Payload[:30]}, "echoes a 36-byte request but carries only 26 bytes of it"},
		{"bad tlv", nlsock.Message{Header: full.Header, Payload: append(full.Payload[:40:40], 200, 0, 1, 0)}, "extended ACK at payload offset 40: attribute at offset 0 (type 1): nla_len 200 exceeds the 4 bytes left"},
		{"short done", nlsock.Message{Header: nlsock.Header{Type: nlsock.TypeDone}, Payload: []byte{1, 2}}, "NLMSG_DONE payload of 2 bytes"},
		{"wrong type", nlsock.Message{Header: nlsock.Header{Type: 16}}, "neither NLMSG_ERROR nor NLMSG_DONE"},
		{"bad offs", nlsock.Message{Header: nlsock.Header{Type: nlsock.TypeDone, Flags: nlsock.FlagAckTLVs}, Payload: []byte{0, 0, 0, 0, 6, 0, 2, 0, 1, 0, 0, 0}}, "(type 2): 2 bytes, want 4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := nlsock.ParseError(tc.m)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
}

func TestErrnoName(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{nil, ""},
		{errors.New("plain"), ""},
		{&nlsock.OpError{Op: "x", Err: unix.ENOENT}, "ENOENT"},
		{&nlsock.KernelError{Errno: unix.ERANGE}, "ERANGE"},
		{nlsock.ErrOverrun, "ENOBUFS"},
		{nlsock.ErrClosed, "EBADF"},
		{&nlsock.TimeoutError{Op: "request", After: 5e9}, "timeout"},
		// Numbers with two names get the one netlink users know.
		{&nlsock.KernelError{Errno: unix.EOPNOTSUPP}, "EOPNOTSUPP"},
		{unix.ENOTSUP, "EOPNOTSUPP"},
		{unix.Errno(95), "EOPNOTSUPP"},
		{unix.EWOULDBLOCK, "EAGAIN"},
		{unix.EAGAIN, "EAGAIN"},
		{unix.EDEADLOCK, "EDEADLK"},
		{unix.EDEADLK, "EDEADLK"},
		{unix.Errno(4095), "errno 4095"},
	} {
		if got := nlsock.ErrnoName(tc.err); got != tc.want {
			t.Errorf("ErrnoName(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
	if got := (&nlsock.TimeoutError{After: 5e9}).Error(); got != "no reply within 5s (the kernel ignores malformed or non-request messages)" {
		t.Errorf("TimeoutError = %q", got)
	}
}

func TestProtocolNames(t *testing.T) {
	for _, name := range []string{"route", "generic", "netfilter", "sock_diag", "audit", "connector", "xfrm", "kobject_uevent"} {
		p, ok := nlsock.ParseProtocol(name)
		if !ok || nlsock.ProtocolName(p) != name {
			t.Errorf("%q -> %d, %v -> %q", name, p, ok, nlsock.ProtocolName(p))
		}
	}
	if _, ok := nlsock.ParseProtocol("nope"); ok || nlsock.ProtocolName(99) != "" {
		t.Errorf("unknown names resolve")
	}
	if got := nlsock.TypeName(unix.NETLINK_ROUTE, unix.RTM_NEWADDR); got != "RTM_NEWADDR" {
		t.Errorf("TypeName = %q", got)
	}
	if got := nlsock.TypeName(unix.NETLINK_GENERIC, 0x1c); got != "type 0x1c" {
		t.Errorf("TypeName = %q", got)
	}
}

func TestNetNSString(t *testing.T) {
	for _, tc := range []struct {
		ns   nlsock.NetNS
		want string
		host bool
	}{
		{nlsock.NetNS{}, "host", true},
		{nlsock.Host(), "host", true},
		{nlsock.PID(42), "pid 42", false},
		{nlsock.Name("x"), "/run/netns/x", false},
		{nlsock.Path("/proc/1/ns/net"), "/proc/1/ns/net", false},
	} {
		if tc.ns.String() != tc.want || tc.ns.IsHost() != tc.host {
			t.Errorf("%q host=%v, want %q host=%v", tc.ns.String(), tc.ns.IsHost(), tc.want, tc.host)
		}
	}
}

func negErrno(e unix.Errno) uint32 { v := -int32(e); return uint32(v) }

// TestKernelErrorText: an ext-ack with only an offset reads "file exists
// (offset 20)", never "file exists: (offset 20)".
func TestKernelErrorText(t *testing.T) {
	for _, tc := range []struct {
		ack  nlsock.ExtAck
		want string
	}{
		{nlsock.ExtAck{}, "type 0x0 request: file exists"},
		{nlsock.ExtAck{HasOffset: true, Offset: 20}, "type 0x0 request: file exists (offset 20)"},
		{nlsock.ExtAck{HasMissing: true, MissingType: 3}, "type 0x0 request: file exists (missing attribute type 3)"},
		{nlsock.ExtAck{Msg: "Table exists", HasOffset: true, Offset: 20}, "type 0x0 request: file exists: Table exists (offset 20)"},
	} {
		if got := (&nlsock.KernelError{Errno: unix.EEXIST, ExtAck: tc.ack}).Error(); got != tc.want {
			t.Errorf("KernelError with %+v = %q, want %q", tc.ack, got, tc.want)
		}
	}
}
