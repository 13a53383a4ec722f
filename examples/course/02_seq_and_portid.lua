-- Lesson 2: sequence numbers and port ids.
--
-- A netlink socket is bound to a port id, a number the kernel picks: the
-- first socket of a process usually gets the process id, later ones a
-- random number -- so a port id is not a process id. Replies from the
-- kernel carry:
--   pid  = the port id of the socket they are for,
--   seq  = the seq of the request they answer.
-- Matching on both is how a program tells which reply is which. Two sockets
-- get two port ids; seq counts per socket.

local ns = assert(netns.new())
local a = assert(netlink.open("route", ns))
local b = assert(netlink.open("route", ns))
print(("socket a has port id %d, socket b %d: different: %s"):format(
  a:portid(), b:portid(), tostring(a:portid() ~= b:portid())))

-- sock:seq() hands out 1, 2, 3, ... (never 0: unsolicited messages use 0).
print(("a:seq() gives %d, then %d"):format(a:seq(), a:seq()))

-- send/recv by hand: we choose seq 77; the reply echoes it and our port id.
local getlink = {type = rtnl.RTM_GETLINK, flags = netlink.F_REQUEST + netlink.F_DUMP,
                 seq = 77, payload = string.rep("\0", 16)}
assert(a:send(getlink))
local m = assert(a:recv(2))
print(("reply to a: %s seq=%d pid=%d (a's port id: %s)"):format(
  m.name, m.seq, m.pid, tostring(m.pid == a:portid())))
-- Drain the rest of that dump (up to NLMSG_DONE; see lesson 3).
repeat m = assert(a:recv(2)) until m.name == "NLMSG_DONE"

-- b sent nothing, so it receives nothing: replies never cross sockets.
local none, why = b:recv(0.2)
print(("b received: %s (%s)"):format(tostring(none), why))
-- expect: different: true
-- expect: a:seq() gives 1, then 2
-- expect: reply to a: RTM_NEWLINK seq=77
-- expect: (a's port id: true)
-- expect: b received: nil (timeout)
