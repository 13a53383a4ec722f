// Package fakeseam is the narrow door through which nlsock/nlfake opens an
// nlsock.Socket on its fake kernel: nlsock sets Open at init, nlfake calls
// it. It lives under internal/ so that nothing outside nlsock can open such
// a socket, and nlsock's exported API stays that of the real kernel.
package fakeseam
