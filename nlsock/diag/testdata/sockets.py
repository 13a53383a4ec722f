# Opens the sockets TestSocketsAgreeWithSs compares, prints "ready" and
# keeps them open until its standard input closes. argv[1]: a unix path.
import socket, sys

l = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
l.bind(("127.0.0.1", 5000))
l.listen(8)
c = socket.create_connection(("127.0.0.1", 5000))
a, _ = l.accept()
c.send(b"x" * 100)  # 100 bytes in the accepted socket's receive queue
l6 = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
l6.bind(("::1", 5001))
l6.listen(4)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("127.0.0.1", 5353))
u6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
u6.bind(("::1", 5354))
us = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
us.bind(sys.argv[1])
us.listen(3)
uc = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
uc.connect(sys.argv[1])
ua, _ = us.accept()
ud = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
ud.bind("\0nlsh-abstract")
print("ready", flush=True)
sys.stdin.read()
