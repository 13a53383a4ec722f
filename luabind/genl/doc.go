// Package genl is nlsh's genl Lua module: nlctrl queries (families, their
// ops, groups and policies), requests to any generic family with attributes
// written as Lua tables, and the body decoder of generic messages. It plugs
// into luabind through Module.
package genl
