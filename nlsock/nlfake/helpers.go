//go:build linux

package nlfake

import (
	"encoding/binary"

	"github.com/mdlayher/netlink"
	"github.com/nlsh/nlsh/nlsock"
	"golang.org/x/sys/unix"
)

// Error is the NLMSG_ERROR the kernel answers req with for errno, or its
// ACK when errno is 0. (nltest.Error leaves out the echoed nlmsghdr, which
// nlsock rightly rejects as a malformed reply.)
func Error(errno int, req netlink.Message) netlink.Message {
	return errorMessage(errno, req, nil)
}

// ExtAckError is the NLMSG_ERROR a kernel with NETLINK_EXT_ACK answers req
// with: errno (0 for an ACK carrying a warning), msg as NLMSGERR_ATTR_MSG
// and, when offset is not 0, offset as NLMSGERR_ATTR_OFFS (bytes from the
// start of req's header).
func ExtAckError(errno int, req netlink.Message, msg string, offset uint32) netlink.Message {
	tlvs := nlsock.AppendAttr(nil, unix.NLMSGERR_ATTR_MSG, append([]byte(msg), 0))
	if offset != 0 {
		tlvs = nlsock.AppendAttr(tlvs, unix.NLMSGERR_ATTR_OFFS, binary.NativeEndian.AppendUint32(nil, offset))
	}
	return errorMessage(errno, req, tlvs)
}

// errorMessage builds an NLMSG_ERROR as the kernel does: it echoes the
// whole request for an error, only its header (NLM_F_CAPPED) for an ACK,
// and then the ext-ack TLVs, if any (NLM_F_ACK_TLVS).
func errorMessage(errno int, req netlink.Message, tlvs []byte) netlink.Message {
	var flags netlink.HeaderFlags
	data := binary.NativeEndian.AppendUint32(nil, uint32(-int32(errno)))
	// The echoed header keeps the request's length, even when capped.
	echo := appendMessage(nil, req)
	if errno == 0 {
		flags |= netlink.HeaderFlags(nlsock.FlagCapped)
		echo = echo[:nlsock.HeaderLen]
	}
	data = append(data, echo...)
	if len(tlvs) > 0 {
		flags |= netlink.HeaderFlags(nlsock.FlagAckTLVs)
		data = append(data, tlvs...)
	}
	return netlink.Message{Header: netlink.Header{Type: netlink.Error, Flags: flags, Sequence: req.Header.Sequence}, Data: data}
}
