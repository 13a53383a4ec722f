// Package mods lists every Lua module nlsh has (netlink and netns from
// package luabind, then one package per family module) and opens them all:
// the one place that imports every module package, so the modules need not
// know one another.
package mods
