//go:build linux

package main

import (
	"github.com/nlsh/nlsh/nlsock"
	"github.com/nlsh/nlsh/nlsock/pcap"
)

// openCapture creates the --capture file: every socket the session opens
// records to it. Without a path it returns a nil writer.
func openCapture(path string) (nlsock.CaptureWriter, func(), error) {
	if path == "" {
		return nil, func() {}, nil
	}
	w, err := pcap.Create(path)
	if err != nil {
		return nil, nil, err
	}
	return w, func() { w.Close() }, nil
}
