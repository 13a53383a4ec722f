package main

import (
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/pcap"
)

// openCapture creates the --capture file: every socket the session opens
// records to it (PCAP.md). Without --capture it returns a nil writer.
func (cl *cmdline) openCapture() (nlsock.CaptureWriter, func(), error) {
	if cl.capture == "" {
		return nil, func() {}, nil
	}
	w, err := pcap.Create(cl.capture)
	if err != nil {
		return nil, nil, err
	}
	return w, func() { w.Close() }, nil
}
