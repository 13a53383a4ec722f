//go:build linux

package rtnl

import "encoding/binary"

// LinkStats64 is struct rtnl_link_stats64 (IFLA_STATS64). Older kernels send
// fewer fields; missing ones stay zero.
type LinkStats64 struct {
	RxPackets, TxPackets, RxBytes, TxBytes                      uint64
	RxErrors, TxErrors, RxDropped, TxDropped                    uint64
	Multicast, Collisions                                       uint64
	RxLengthErrors, RxOverErrors, RxCRCErrors, RxFrameErrors    uint64
	RxFIFOErrors, RxMissedErrors                                uint64
	TxAbortedErrors, TxCarrierErrors, TxFIFOErrors              uint64
	TxHeartbeatErrors, TxWindowErrors                           uint64
	RxCompressed, TxCompressed, RxNoHandler, RxOtherhostDropped uint64
}

// StatNames are the kernel's field names of rtnl_link_stats64, in order.
func StatNames() []string { return append([]string(nil), statNames[:]...) }

var statNames = [...]string{
	"rx_packets", "tx_packets", "rx_bytes", "tx_bytes", "rx_errors", "tx_errors", "rx_dropped",
	"tx_dropped", "multicast", "collisions", "rx_length_errors", "rx_over_errors", "rx_crc_errors",
	"rx_frame_errors", "rx_fifo_errors", "rx_missed_errors", "tx_aborted_errors",
	"tx_carrier_errors", "tx_fifo_errors", "tx_heartbeat_errors", "tx_window_errors",
	"rx_compressed", "tx_compressed", "rx_nohandler", "rx_otherhost_dropped",
}

// Values returns the counters in StatNames order.
func (s *LinkStats64) Values() [len(statNames)]uint64 {
	var v [len(statNames)]uint64
	for i, p := range s.fields() {
		v[i] = *p
	}
	return v
}

func (s *LinkStats64) fields() [len(statNames)]*uint64 {
	return [...]*uint64{&s.RxPackets, &s.TxPackets, &s.RxBytes, &s.TxBytes, &s.RxErrors,
		&s.TxErrors, &s.RxDropped, &s.TxDropped, &s.Multicast, &s.Collisions, &s.RxLengthErrors,
		&s.RxOverErrors, &s.RxCRCErrors, &s.RxFrameErrors, &s.RxFIFOErrors, &s.RxMissedErrors,
		&s.TxAbortedErrors, &s.TxCarrierErrors, &s.TxFIFOErrors, &s.TxHeartbeatErrors,
		&s.TxWindowErrors, &s.RxCompressed, &s.TxCompressed, &s.RxNoHandler, &s.RxOtherhostDropped}
}

// decode reads as many whole counters as b holds; it wants at least the
// 23 of the oldest rtnl_link_stats64.
func (s *LinkStats64) decode(b []byte) bool {
	if len(b) < 23*8 {
		return false
	}
	for i, p := range s.fields() {
		if (i+1)*8 > len(b) {
			break
		}
		*p = binary.NativeEndian.Uint64(b[i*8:])
	}
	return true
}
