// Package ynl is nlsh's ynl Lua module: any netlink family a YAML spec
// describes (the kernel's, nlsh's built-in ones, --specs), as family objects
// with dump, call, join, recv and decode. It also answers the REPL's
// completion about families and their specs (complete.go). It plugs into
// luabind through Module.
package ynl
