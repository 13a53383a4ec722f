// Package luabind exposes nlsock to gopher-lua: the netlink and netns
// modules of API.md, what every module shares (socket userdata, message
// tables, field sets, argument checking, exact integers, the Env that
// tracks sockets and namespaces), and the seam through which the family
// modules plug in. Each family module is a package of its own
// (luabind/rtnl, luabind/genl, luabind/nfnl, luabind/diag, luabind/ynl,
// luabind/json) that imports this one and none of the others; luabind/mods
// lists them all.
//
// runtime calls mods.Open (Open with every module) once per Lua state, on
// first use, and Close when the state ends:
//
//	env := mods.Open(L, luabind.Options{DefaultNS: ns})
//	defer env.Close()
//
// # Resources
//
// gopher-lua has no __gc, so the Env tracks every socket (netlink.open) and
// namespace (netns.new) handed to Lua and closes whatever is still open in
// Close. Sockets and Namespaces report the counts, for leak checks. A
// closed socket answers every method but close with nil, "socket closed",
// "EBADF"; close is idempotent.
//
// # Errors
//
// Functions that reach the kernel return nil, message, errname on failure
// (errname from nlsock.ErrnoName, "timeout", or "interrupted" when the
// state's context ends, e.g. Ctrl-C). A kernel error from sock:request adds
// the decoded extended ACK as a fourth value. Argument mistakes raise a Lua
// error "bad argument #N to FUNC (...)"; a method called with a dot says to
// use a colon. Every binding runs under guard, which turns a Go panic into
// the Lua error "internal error in FUNC: ...", never a crash.
//
// # Messages
//
// Message tables have len, type, flags, seq, pid and payload (the bytes
// after the 16-byte header), plus name when known, group (the multicast
// group number) for events, error/errname/request/extack for NLMSG_ERROR
// (and NLMSG_DONE carrying an errno), and body when the protocol has a
// decoder. Tables going out (send, request, encode) need type; len and the
// decoded fields are ignored, so a received table can be sent back. send
// fills seq from sock:seq() and flags with F_REQUEST when absent; request
// always uses a fresh seq and adds F_REQUEST (and F_ACK unless dumping);
// encode leaves absent fields 0. Types below 16 are refused by send and
// request (raw strings are sent exactly as given).
//
// # JSON and exact integers
//
// The json module (json.go) encodes and decodes with the rules of
// EncodeJSON and DecodeJSON, which runtime also uses for nlsh -j. gopher-lua
// numbers are float64, so a 64-bit value above 2^53 (a link counter, a JSON
// integer) is handed to Lua as an nlsh.int userdata (exactint.go) that
// prints, compares and encodes exactly; ExactUint makes one only when a
// float64 cannot hold the value, so everyday numbers stay numbers.
//
// # Blocking and Ctrl-C
//
// recv, request, send, join by generic name and netns.exec pass L.Context()
// to nlsock, so cancelling the state's context (runtime does so on SIGINT)
// wakes them; they then return nil, "interrupted", "interrupted" and the
// socket stays usable. The LState is only used from the goroutine that runs
// it; Env.Close may be called from any goroutine.
//
// # Adding a family module (the seam)
//
// A family module is a package under luabind/ that exports its Module
//
//	var Module = luabind.Module{Name: "rtnl", Open: openRtnl}
//	func openRtnl(e *luabind.Env, L *lua.LState) *lua.LTable
//
// and is listed once in mods.Families. Open opens netlink and netns, then
// the family modules it is given, and sets each module's table as a global
// and in package.preload, so both `rtnl.links(s)` and `require "rtnl"` work.
// The open function builds the module table (use SetFuncs with qualified
// names such as "rtnl.links" so argument errors and internal errors name the
// function) and registers what it knows about its protocol with the Env:
//
//   - e.SetBodyDecoder(proto, fn): fn(L, msg) returns the "body" field of
//     every message table of that protocol (recv, request, decode); return
//     nil to leave body out. A panic in a decoder only sets body_error.
//   - e.SetTypeNames(proto, fn): names message types >= 16 ("RTM_NEWLINK").
//   - e.SetGroups(proto, Groups{Resolve, Name}): group names for sock:join,
//     sock:leave and sock:groups. Resolve may ask the kernel through the
//     socket (generic netlink does); an *UnknownGroupError becomes an
//     argument error.
//
// Route type and group names (from nlsock/rtnl) and generic "family:group"
// lookups (nlsock/genl) are registered by the netlink module itself, so they
// work without any family module; a family module may replace them.
// Functions of a family module that take a socket get it with
// FamilySocket and use s.Sock, the *nlsock.Socket. A module that hands out
// tables filled on first use gives them a Filler (materialize.go).
package luabind
