//go:build linux

package nft

import "github.com/nlsh/nlsh/nlsock"

func cstring(b []byte) string { return nlsock.AttrCString(b) }
