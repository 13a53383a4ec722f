//go:build !linux

package main

import "os"

// main is nlsh on a system without netlink (see notlinux.go).
func main() {
	os.Exit(runNotLinux(os.Args[1:], os.Stdout, os.Stderr))
}
