package ynl

import (
	"errors"
	"testing"

	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"golang.org/x/sys/unix"
)

// answerSpec is rtnetlink with two wrong operations: one sent as
// NLMSG_NOOP (the kernel only ACKs it) and one whose declared reply type
// is not the one the kernel answers with (RTM_NEWLINK to RTM_GETLINK).
const answerSpec = `
name: answer-test
protocol: netlink-raw
protonum: 0
definitions:
  - name: ifinfomsg
    type: struct
    members:
      - {name: family, type: u8}
      - {name: pad, type: pad, len: 1}
      - {name: type, type: u16}
      - {name: index, type: s32}
      - {name: flags, type: u32}
      - {name: change, type: u32}
attribute-sets:
  - name: link
    attributes:
      - {name: address, type: binary}
      - {name: broadcast, type: binary}
      - {name: ifname, type: string}
operations:
  enum-model: directional
  fixed-header: ifinfomsg
  list:
    - name: noop
      attribute-set: link
      do: {request: {value: 1}, reply: {value: 16}}
    - name: getlink-as-addr
      attribute-set: link
      do: {request: {value: 18}, reply: {value: 20}}
    - name: getlink
      attribute-set: link
      do: {request: {value: 18}, reply: {value: 16}}
`

// TestRepliesAnswerTheRequest: a bare ACK to a do that expects a reply,
// or a reply of another type, is an error, never success.
func TestRepliesAnswerTheRequest(t *testing.T) {
	spec, err := Parse([]byte(answerSpec))
	if err != nil {
		t.Fatal(err)
	}
	ns := nlsocktest.NewNamespace(t)
	s := nlsocktest.Open(t, unix.NETLINK_ROUTE, ns.NetNS())
	c, err := NewClient(testCtx(t), s, spec)
	if err != nil {
		t.Fatal(err)
	}
	lo := Attrs{"index": 1}
	if got, err := c.Do(testCtx(t), "noop", lo); !errors.Is(err, ErrNoReply) {
		t.Errorf("noop: %v, %v; want ErrNoReply", got, err)
	}
	if got, err := c.Do(testCtx(t), "getlink-as-addr", lo); !errors.Is(err, ErrWrongReply) {
		t.Errorf("getlink-as-addr: %v, %v; want ErrWrongReply", got, err)
	}
	got, err := c.Do(testCtx(t), "getlink", lo)
	if err != nil || len(got) != 1 || got[0].Attrs["ifname"] != "lo" {
		t.Errorf("getlink lo: %v, %v", got, err)
	}
}
