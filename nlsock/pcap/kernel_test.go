package pcap_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/diag"
	"github.com/nlsh/nlsh/nlsock/genl"
	"github.com/nlsh/nlsh/nlsock/nlsocktest"
	"github.com/nlsh/nlsh/nlsock/pcap"
	"github.com/nlsh/nlsh/nlsock/rtnl"
	"golang.org/x/sys/unix"
)

func testCtx(t *testing.T) context.Context { return nlsocktest.Context(t, 20*time.Second) }

func open(t *testing.T, proto int, ns nlsock.NetNS, w nlsock.CaptureWriter) *nlsock.Socket {
	t.Helper()
	s := nlsocktest.Open(t, proto, ns)
	if err := s.SetCapture(w); err != nil {
		t.Fatal(err)
	}
	return s
}

func create(t *testing.T, name string) (*pcap.Writer, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	w, err := pcap.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w, path
}

// wire is a message as bytes, header included.
func wire(m nlsock.Message) []byte { return nlsock.AppendMessage(nil, m) }

// split flattens the received records' messages and collects what was sent.
func split(t *testing.T, recs []pcap.Record) (sent [][]byte, received []nlsock.Message) {
	t.Helper()
	for i, r := range recs {
		if r.Direction == nlsock.Sent {
			sent = append(sent, r.Data)
			continue
		}
		msgs, err := r.Messages()
		if err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
		received = append(received, msgs...)
	}
	return sent, received
}

// TestRecordSession records a route socket's requests (a dump, a create, a
// failing delete) and a second socket's events, reads both captures back
// and compares them with what nlsock sent and returned.
func TestRecordSession(t *testing.T) {
	ns := nlsocktest.NewNamespace(t).NetNS()
	ctx := testCtx(t)
	start := time.Now()
	reqW, reqPath := create(t, "req.pcap")
	evW, evPath := create(t, "ev.pcap")
	req := open(t, unix.NETLINK_ROUTE, ns, reqW)
	ev := open(t, unix.NETLINK_ROUTE, ns, evW)
	if err := ev.Join(rtnl.RTNLGRP_LINK); err != nil {
		t.Fatal(err)
	}

	var wantSent [][]byte
	var wantData []nlsock.Message
	dump, err := req.Request(ctx, rtnl.LinkDumpRequest())
	if err != nil {
		t.Fatal(err)
	}
	wantSent = append(wantSent, dump.Sent)
	wantData = append(wantData, dump.Messages...)
	add, _ := rtnl.LinkAddRequest(rtnl.LinkSpec{Name: "cap0", Kind: "veth", Peer: "cap1"})
	ack, err := req.Request(ctx, add)
	if err != nil {
		t.Fatal(err)
	}
	wantSent = append(wantSent, ack.Sent)
	_, err = req.Request(ctx, rtnl.LinkDelRequest(9999))
	var kerr *nlsock.KernelError
	if !errors.As(err, &kerr) || !errors.Is(err, unix.ENODEV) {
		t.Fatalf("deleting index 9999: %v", err)
	}
	wantSent = append(wantSent, kerr.Sent)

	var events []nlsock.Message
	for len(events) < 2 {
		m, err := ev.Receive(ctx)
		if err != nil {
			t.Fatal(err)
		}
		events = append(events, m)
	}
	req.StopCapture()
	ev.StopCapture()
	if _, err := req.Request(ctx, rtnl.LinkDumpRequest()); err != nil {
		t.Fatal(err)
	}
	reqW.Close()
	evW.Close()

	recs := readFile(t, reqPath, start)
	sent, received := split(t, recs)
	if len(sent) != len(wantSent) {
		t.Fatalf("%d datagrams sent in the capture, want %d", len(sent), len(wantSent))
	}
	for i := range sent {
		if !bytes.Equal(sent[i], wantSent[i]) {
			t.Errorf("sent datagram %d differs:\ncapture %x\nsent    %x", i, sent[i], wantSent[i])
		}
	}
	var gotData []nlsock.Message
	var ends []string
	for _, m := range received {
		switch m.Header.Type {
		case nlsock.TypeDone:
			ends = append(ends, "DONE")
		case nlsock.TypeError:
			e, err := nlsock.ParseError(m)
			if err != nil {
				t.Fatal(err)
			}
			ends = append(ends, unix.ErrnoName(unix.Errno(-e.Errno))+"/"+rtnl.MessageTypeName(e.Request.Type))
		default:
			gotData = append(gotData, m)
		}
	}
	if want := "DONE /RTM_NEWLINK ENODEV/RTM_DELLINK"; strings.Join(ends, " ") != want {
		t.Errorf("replies ended with %q, want %q", strings.Join(ends, " "), want)
	}
	sameMessages(t, "dump", gotData, wantData)

	evRecs := readFile(t, evPath, start)
	if s, r := split(t, evRecs); len(s) != 0 {
		t.Errorf("event socket sent %d datagrams", len(s))
	} else {
		sameMessages(t, "events", r, events)
	}
}

func readFile(t *testing.T, path string, start time.Time) []pcap.Record {
	t.Helper()
	recs, err := pcap.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	prev := start.Truncate(time.Microsecond)
	for i, r := range recs {
		if r.Protocol != unix.NETLINK_ROUTE || r.Truncated {
			t.Errorf("record %d: protocol %d truncated %v", i, r.Protocol, r.Truncated)
		}
		if r.Time.Before(prev) || r.Time.After(time.Now()) {
			t.Errorf("record %d at %v, not between %v and now", i, r.Time, prev)
		}
		prev = r.Time
	}
	return recs
}

func sameMessages(t *testing.T, what string, got, want []nlsock.Message) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d messages in the capture, nlsock returned %d", what, len(got), len(want))
	}
	for i := range got {
		if !bytes.Equal(wire(got[i]), wire(want[i])) {
			t.Errorf("%s: message %d differs:\ncapture %x\nnlsock  %x", what, i, wire(got[i]), wire(want[i]))
		}
	}
}

// TestCaptureStops checks that a failing writer stops the capture and is
// reported, while the socket keeps working.
func TestCaptureStops(t *testing.T) {
	ns := nlsocktest.NewNamespace(t).NetNS()
	w, err := pcap.NewWriter(&failWriter{n: 2}, pcap.WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s := open(t, unix.NETLINK_ROUTE, ns, w)
	for range 3 {
		if _, err := s.Request(testCtx(t), rtnl.LinkDumpRequest()); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.CaptureError(); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("CaptureError() = %v", err)
	}
	if w.Records() != 1 {
		t.Errorf("%d records written, want 1", w.Records())
	}
	s.Close()
	if err := s.SetCapture(w); !errors.Is(err, nlsock.ErrClosed) {
		t.Errorf("SetCapture on a closed socket: %v", err)
	}
}

// TestTshark records route, nlctrl and sock_diag traffic in a fresh
// namespace and checks that tshark decodes every frame with no malformed
// one.
func TestTshark(t *testing.T) {
	tshark := nlsocktest.LookPath(t, "tshark", "tshark")
	ns := nlsocktest.NewNamespace(t).NetNS()
	ctx := testCtx(t)
	w, path := create(t, "session.pcap")
	route := open(t, unix.NETLINK_ROUTE, ns, w)
	gen := open(t, unix.NETLINK_GENERIC, ns, w)
	sd := open(t, unix.NETLINK_SOCK_DIAG, ns, w)
	add, _ := rtnl.LinkAddRequest(rtnl.LinkSpec{Name: "tsk0", Kind: "veth", Peer: "tsk1"})
	steps := []func() error{
		func() error { _, err := route.Request(ctx, add); return err },
		func() error { _, err := rtnl.Links(ctx, route); return err },
		func() error { _, err := rtnl.Addrs(ctx, route); return err },
		func() error { _, err := rtnl.Routes(ctx, route); return err },
		func() error { _, err := genl.GetFamily(ctx, gen, "nlctrl"); return err },
		func() error { _, err := genl.Families(ctx, gen); return err },
		func() error {
			_, err := diag.Sockets(ctx, sd, diag.Filter{Family: diag.FamilyINet, Protocol: diag.ProtoTCP})
			return err
		},
		func() error { // a conntrack dump (IPCTNL_MSG_CT_GET), empty in a new namespace
			nf := open(t, unix.NETLINK_NETFILTER, ns, w)
			_, err := nf.Request(ctx, nlsock.Message{
				Header:  nlsock.Header{Type: 1<<8 | 1, Flags: nlsock.FlagDump},
				Payload: []byte{unix.AF_INET, 0, 0, 0},
			})
			if err != nil {
				t.Logf("conntrack dump: %v (the capture still holds the exchange)", err)
			}
			return nil
		},
		func() error {
			_, err := route.Request(ctx, rtnl.LinkDelRequest(9999))
			if errors.Is(err, unix.ENODEV) {
				return nil
			}
			return err
		},
	}
	for i, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	records := w.Records()
	w.Close()

	out, err := exec.Command(tshark, "-r", path, "-T", "json", "--no-duplicate-keys").Output()
	if err != nil {
		t.Fatalf("tshark: %v", err)
	}
	var frames []struct {
		Source struct {
			Layers map[string]json.RawMessage `json:"layers"`
		} `json:"_source"`
	}
	if err := json.Unmarshal(out, &frames); err != nil {
		t.Fatalf("tshark output: %v", err)
	}
	if len(frames) != records {
		t.Fatalf("tshark read %d frames, we wrote %d", len(frames), records)
	}
	seen := map[string]bool{}
	for i, f := range frames {
		for layer, v := range f.Source.Layers {
			seen[layer] = true
			if strings.Contains(layer, "malformed") || bytes.Contains(v, []byte("_ws.malformed")) {
				t.Errorf("frame %d: malformed: %s", i+1, v)
			}
		}
		if _, ok := f.Source.Layers["netlink"]; !ok {
			t.Errorf("frame %d has no netlink layer: %v", i+1, keys(f.Source.Layers))
		}
	}
	for _, want := range []string{"netlink-route", "genl", "netlink-sock_diag", "netlink-netfilter"} {
		if !seen[want] {
			t.Errorf("no %s layer in any frame (layers %v)", want, keys(seenLayers(seen)))
		}
	}
	for _, want := range []string{`"netlink-route.ifla_ifname": "tsk0"`, `"genl.ctrl.family_name": "nlctrl"`} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("tshark output lacks %s", want)
		}
	}
	if os.Getenv("NLSH_KEEP_PCAP") != "" {
		os.WriteFile(os.Getenv("NLSH_KEEP_PCAP"), mustRead(t, path), 0o644)
	}
	writeCorpus(t, "kernel-session", mustRead(t, path))
	if t.Failed() {
		os.WriteFile(filepath.Join(os.TempDir(), "nlsh-tshark-failed.pcap"), mustRead(t, path), 0o644)
	}
}

func seenLayers(m map[string]bool) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for k := range m {
		out[k] = nil
	}
	return out
}

func keys(m map[string]json.RawMessage) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

func mustRead(t *testing.T, path string) []byte {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// closeCounter is a capture writer that counts Close calls.
type closeCounter struct {
	*pcap.Writer
	closed int
}

func (c *closeCounter) Close() error { c.closed++; return c.Writer.Close() }

// TestCaptureOwned: a writer the socket owns is closed when the capture is
// replaced, stopped, or the socket closes, and only then.
func TestCaptureOwned(t *testing.T) {
	ns := nlsocktest.NewNamespace(t).NetNS()
	newW := func() *closeCounter {
		w, err := pcap.NewWriter(&bytes.Buffer{}, pcap.WriterOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return &closeCounter{Writer: w}
	}
	s, err := nlsock.Open(unix.NETLINK_ROUTE, ns)
	if err != nil {
		t.Fatal(err)
	}
	a, b, c := newW(), newW(), newW()
	if err := s.SetCaptureOwned(a); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Request(testCtx(t), rtnl.LinkDumpRequest()); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCaptureOwned(b); err != nil || a.closed != 1 || a.Records() < 2 {
		t.Errorf("replacing: %v, first closed %d times with %d records", err, a.closed, a.Records())
	}
	s.StopCapture()
	if b.closed != 1 || s.Capturing() {
		t.Errorf("stop: closed %d times, capturing %v", b.closed, s.Capturing())
	}
	if err := s.SetCaptureOwned(c); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s.Close()
	if c.closed != 1 {
		t.Errorf("socket close closed the capture %d times", c.closed)
	}
	d := newW()
	if err := s.SetCaptureOwned(d); !errors.Is(err, nlsock.ErrClosed) || d.closed != 1 {
		t.Errorf("on a closed socket: %v, closed %d times", err, d.closed)
	}
}
