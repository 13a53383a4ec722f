package nlsock

// AttrCString returns b up to its first NUL: the value of a string
// attribute, whether or not the kernel sent its terminator. The decoders
// of the families (genl, ynl, nft) share it.
func AttrCString(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}
