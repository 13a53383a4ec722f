//go:build linux

// Command testreport reads `go test -json` from standard input and is CI's
// verdict on it: it prints each package's result line, the output of every
// failed test, every skipped test with its reason and whether
// nlsocktest.AllowedSkips lets it skip, and a closing line
// "N passed, N failed, N skipped". It exits 1 when a test or a build
// failed, when a skip is not on the allow-list (a missing tool or privilege
// in CI must not pass for a green run), or when no test ran.
//
//	go test -json ./... | go run ./scripts/testreport
package main
