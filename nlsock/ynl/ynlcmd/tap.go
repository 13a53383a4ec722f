//go:build linux

package ynlcmd

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/explain"
	"github.com/nlsh/nlsh/nlsock/ynl"
)

// tap records the socket's datagrams: to the pcap of --capture and, with
// --explain, dissected on Stderr.
func (o *Options) tap(sock *nlsock.Socket, spec *ynl.Spec) error {
	var ws []nlsock.CaptureWriter
	if o.Capture != nil {
		ws = append(ws, o.Capture)
	}
	if o.Explain {
		if o.explainer == nil {
			o.explainer = &explainer{w: o.Stderr, spec: spec, families: map[uint16]string{}}
		}
		ws = append(ws, o.explainer)
	}
	if len(ws) == 0 {
		return nil
	}
	return sock.SetCapture(tee(ws))
}

// tapGeneric tells the explainer the generic family's id, once known, so
// that its messages are named by the spec.
func (o *Options) tapGeneric(c *ynl.Client) {
	if o.explainer != nil && c.Family != nil {
		o.explainer.setFamily(c.Family.ID, c.Spec.Name)
	}
}

type tee []nlsock.CaptureWriter

func (t tee) WriteDatagram(dir nlsock.Direction, proto int, b []byte, at time.Time) error {
	for _, w := range t {
		if err := w.WriteDatagram(dir, proto, b, at); err != nil {
			return err
		}
	}
	return nil
}

// explainer writes each datagram as nlsh explain would.
type explainer struct {
	mu       sync.Mutex
	w        io.Writer
	spec     *ynl.Spec
	families map[uint16]string
	n        int
}

func (e *explainer) setFamily(id uint16, name string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.families[id] = name
}

func (e *explainer) WriteDatagram(dir nlsock.Direction, proto int, b []byte, _ time.Time) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.n++
	opts := explain.Options{GenlFamilies: e.families, NoHexDump: true, GenlSpec: func(id uint16) *ynl.Spec {
		if _, ok := e.families[id]; ok {
			return e.spec
		}
		return nil
	}}
	_, err := fmt.Fprintf(e.w, "== datagram %d, %s, %d bytes\n%s", e.n, dir, len(b), explain.Bytes(b, proto, opts))
	return err
}
