// Package luabindtest holds what the tests of luabind and of its module
// packages share: running Lua code and checking its errors, counting the
// process's file descriptors, running commands (ip, ...) in a namespace to
// compare against, and finding the kernel's ynl specs. It imports no luabind
// package, so luabind's own tests can use it.
package luabindtest
