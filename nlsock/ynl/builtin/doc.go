// Package builtin holds the family descriptions nlsh carries itself, in the
// kernel's YNL format (Documentation/netlink/specs), written for nlsh: they
// describe what the kernel's own spec tree does not (tc objects, nexthops,
// netconf, conntrack, nf_tables expressions, ...) or what nlsh must decode
// without any spec installed.
//
// They are read by the same engine as the kernel's specs (package ynl), so
// one description serves decoding, encoding, explain, the monitor and
// completion. A description is parsed on first use, never at start-up.
//
// Parsing YAML is slow (milliseconds for rt-link), so each description also
// ships in ynl's compiled form of its attribute-sets (compiled/NAME.sets,
// written by `go generate ./nlsock/ynl/builtin` and checked fresh by
// TestCompiledSetsFresh), which Sets loads in about 0.1 ms: rtnl's typed
// decoders and request builders read their attribute numbers and types from
// it.
//
// A kernel spec of the same name found at run time (--specs, $NLSH_SPECS,
// /usr/share/ynl/specs) is preferred by ynl.family, which falls back to the
// built-in one of that name (LoadFamily, Find, Available); nlsh's own objects
// (rtnl.qdiscs, rtnl.netconf, ...) always read the built-in description, so
// their fields do not change with what is installed.
package builtin
