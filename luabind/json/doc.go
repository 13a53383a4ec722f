// Package json is nlsh's json Lua module (json.encode, json.decode,
// json.null, json.object) and the encoder and decoder behind it, which the
// shell also uses for nlsh -j. It plugs into luabind through Module.
package json
