//go:build linux

package nft

import (
	"fmt"
	"strings"

	"github.com/nlsh/nlsh/nlsock"
	"golang.org/x/sys/unix"
)

// Subsystems (NFNL_SUBSYS_*) and the nfnetlink control messages.
const (
	SubsysNFTables uint8  = 10     // NFNL_SUBSYS_NFTABLES
	MsgBatchBegin  uint16 = 0x10   // NFNL_MSG_BATCH_BEGIN
	MsgBatchEnd    uint16 = 0x11   // NFNL_MSG_BATCH_END
	GroupNFTables  uint32 = 7      // NFNLGRP_NFTABLES
	GroupNFTrace   uint32 = 9      // NFNLGRP_NFTRACE
	subsysMask     uint16 = 0xff00 // the subsystem is the high byte of nlmsg_type
)

// nf_tables messages (NFT_MSG_*), the low byte of nlmsg_type.
const (
	MsgNewTable uint8 = iota
	MsgGetTable
	MsgDelTable
	MsgNewChain
	MsgGetChain
	MsgDelChain
	MsgNewRule
	MsgGetRule
	MsgDelRule
	MsgNewSet
	MsgGetSet
	MsgDelSet
	MsgNewSetElem
	MsgGetSetElem
	MsgDelSetElem
	MsgNewGen
	MsgGetGen
	MsgTrace
	MsgNewObj
	MsgGetObj
	MsgDelObj
	MsgGetObjReset
	MsgNewFlowtable
	MsgGetFlowtable
	MsgDelFlowtable
	MsgGetRuleReset
	MsgDestroyTable
	MsgDestroyChain
	MsgDestroyRule
	MsgDestroySet
	MsgDestroySetElem
	MsgDestroyObj
	MsgDestroyFlowtable
	MsgGetSetElemReset
)

// Type is the nlmsg_type of nf_tables message msg.
func Type(msg uint8) uint16 { return uint16(SubsysNFTables)<<8 | uint16(msg) }

// Split returns the subsystem and message of an nfnetlink nlmsg_type.
func Split(typ uint16) (subsys, msg uint8) { return uint8(typ >> 8), uint8(typ) }

// MsgName names an nlmsg_type of NETLINK_NETFILTER: "NFT_MSG_NEWTABLE",
// "NFNL_MSG_BATCH_BEGIN", or "" if unknown (control types < 0x10 are named
// by nlsock).
func MsgName(typ uint16) string {
	if typ < 0x10 {
		return ""
	}
	return nlsock.MessageTypeName(unix.NETLINK_NETFILTER, typ)
}

// ParseMsgName is the inverse of MsgName for nf_tables messages; it also
// accepts the name without "NFT_MSG_" in any case ("newtable").
func ParseMsgName(name string) (uint16, error) {
	full := name
	if !strings.HasPrefix(strings.ToUpper(name), "NFT_MSG_") {
		full = "NFT_MSG_" + name
	}
	if t, ok := nlsock.MessageType(unix.NETLINK_NETFILTER, full); ok {
		return t, nil
	}
	return 0, fmt.Errorf("unknown nf_tables message %q", name)
}
