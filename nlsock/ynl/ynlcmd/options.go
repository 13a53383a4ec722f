//go:build linux

package ynlcmd

import (
	"io"
	"time"

	"github.com/nlsh/nlsh/nlsock"
)

// Options is one invocation of `nlsh ynl`.
type Options struct {
	Family   string   // --family NAME, found in SpecDirs
	SpecFile string   // --spec FILE
	SpecDirs []string // where --family and --list-families look, in order

	Do, Dump string    // --do OP, --dump OP
	Multi    []MultiOp // --multi OP JSON, repeated: do operations in one datagram
	JSON     string    // --json: the request's attributes

	Subscribe string        // --subscribe GROUP
	Duration  time.Duration // --duration or --sleep: how long to print notifications

	ListFamilies, ListOps, ListMsgs bool
	ListAttrs                       string // --list-attrs OP
	Policy                          string // --policy OP

	OutputJSON bool
	Flags      uint16 // --create, --excl, --replace, --append
	NoUnknown  bool   // --no-process-unknown

	NetNS      nlsock.NetNS
	Capture    nlsock.CaptureWriter // --capture: every datagram as pcap
	Explain    bool                 // --explain: dissect each datagram on Stderr
	ReadBuffer int                  // --rcvbuf: SO_RCVBUF of the socket; 0 the kernel default

	Stdout, Stderr io.Writer

	explainer *explainer // --explain's, shared by the sockets of one Run
}

// MultiOp is one --multi OP JSON.
type MultiOp struct {
	Op, JSON string
}
