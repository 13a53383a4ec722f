// Package help is nlsh's help, manual page and shell completion, all made
// from one source: the reference of every Lua function, method and object
// field (docs/reference.md, embedded by package docs) and the usage text
// of each subcommand, which cmd/nlsh hands over as Commands.
//
// Parse reads the reference's strict layout (described at its top) into
// Sections and Entries; Reference.Lookup answers `nlsh help TOPIC`; Man
// renders nlsh(1) in roff; Complete answers a shell's completion request
// and Script prints the bash, zsh or fish glue that asks for it. The test
// of this package walks a real Lua state and checks that every binding
// has an entry and every entry a binding, so the reference cannot drift.
package help
