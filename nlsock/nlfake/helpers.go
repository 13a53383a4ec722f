//go:build linux

package nlfake

import (
	"encoding/binary"

	"github.com/mdlayher/netlink"
	"github.com/mdlayher/netlink/nltest"
	"github.com/nlsh/nlsh/nlsock"
)

// Extended ACK TLV types (NLMSGERR_ATTR_*, include/uapi/linux/netlink.h).
const (
	extAckMsg  = 1
	extAckOffs = 2
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
	attrs := []netlink.Attribute{{Type: extAckMsg, Data: append([]byte(msg), 0)}}
	if offset != 0 {
		attrs = append(attrs, netlink.Attribute{Type: extAckOffs, Data: binary.NativeEndian.AppendUint32(nil, offset)})
	}
	return errorMessage(errno, req, attrs)
}

// errorMessage builds an NLMSG_ERROR as the kernel does: it echoes the
// whole request for an error, only its header (NLM_F_CAPPED) for an ACK,
// and then the ext-ack TLVs, if any (NLM_F_ACK_TLVS).
func errorMessage(errno int, req netlink.Message, attrs []netlink.Attribute) netlink.Message {
	var flags netlink.HeaderFlags
	data := binary.NativeEndian.AppendUint32(nil, uint32(-int32(errno)))
	// The echoed header keeps the request's length, even when capped.
	data = appendHeader(data, req.Header, uint32(nlsock.HeaderLen+len(req.Data)))
	if errno == 0 {
		flags |= netlink.HeaderFlags(nlsock.FlagCapped)
	} else {
		data = append(data, req.Data...)
		for len(data)%4 != 0 {
			data = append(data, 0)
		}
	}
	if len(attrs) > 0 {
		flags |= netlink.HeaderFlags(nlsock.FlagAckTLVs)
		data = append(data, nltest.MustMarshalAttributes(attrs)...)
	}
	return netlink.Message{Header: netlink.Header{Type: netlink.Error, Flags: flags, Sequence: req.Header.Sequence}, Data: data}
}

// appendHeader appends h as a nlmsghdr with length n.
func appendHeader(b []byte, h netlink.Header, n uint32) []byte {
	b = binary.NativeEndian.AppendUint32(b, n)
	b = binary.NativeEndian.AppendUint16(b, uint16(h.Type))
	b = binary.NativeEndian.AppendUint16(b, uint16(h.Flags))
	b = binary.NativeEndian.AppendUint32(b, h.Sequence)
	return binary.NativeEndian.AppendUint32(b, h.PID)
}
