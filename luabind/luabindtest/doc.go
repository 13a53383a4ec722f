// Package luabindtest holds what the tests of luabind and of its module
// packages share: a Lua state with chosen modules, running Lua code and
// checking its errors, counting the process's file descriptors, running
// commands (ip, ...) in a namespace to compare against, and finding the
// kernel's ynl specs. luabind's own tests are an external test package
// (luabind_test) so that they can use it.
package luabindtest
