//go:build linux

package nft

// The bracket notation of `nft --debug=netlink` (libnftnl's
// nftnl_expr_snprintf): "[ name body]", where body is the expression's
// attributes in a layout of its own. Each layout below is written once and
// serves both ways: RuleLines prints by it and ParseExprLine reads by it.
//
// Layout syntax: literal text; {attr} an attribute of the expression's
// attribute-set in the description, printed by its type (an enum's name,
// a number in decimal, a string); {attr:kind} printed by kind (see
// kinds in lines.go); [[attr:text]] text printed only when attr is
// present. The body keeps libnftnl's trailing space after each item.

// layout is one way to print an expression: when is "" (the default), or
// conditions joined by commas, each "attr" (attr is present) or
// "attr=value" (attr has that enum value).
type layout struct {
	when string
	text string
}

var layouts = map[string][]layout{
	"immediate": {{"", "reg {dreg} {data:imm}"}},
	"cmp":       {{"", "{op} reg {sreg} {data:data}"}},
	"range":     {{"", "{op} reg {sreg} {from-data:pair}"}},
	"bitwise": {
		{"op=lshift", "reg {dreg} = ( reg {sreg} << {data:data}) "},
		{"op=rshift", "reg {dreg} = ( reg {sreg} >> {data:data}) "},
		{"op=and,sreg2", "reg {dreg} = ( reg {sreg} & reg {sreg2} ) "},
		{"op=or,sreg2", "reg {dreg} = ( reg {sreg} | reg {sreg2} ) "},
		{"op=xor,sreg2", "reg {dreg} = ( reg {sreg} ^ reg {sreg2} ) "},
		{"op=and", "reg {dreg} = ( reg {sreg} & {data:data}) "},
		{"op=or", "reg {dreg} = ( reg {sreg} | {data:data}) "},
		{"op=xor", "reg {dreg} = ( reg {sreg} ^ {data:data}) "},
		{"", "reg {dreg} = ( reg {sreg} & {mask:data}) ^ {xor:data}"},
	},
	"byteorder": {{"", "reg {dreg} = {op}(reg {sreg}, {size}, {len}) "}},
	"lookup":    {{"", "reg {sreg} set {set} [[dreg:dreg {dreg} ]][[flags:{flags:hex} ]]"}},
	"dynset": {{"", "{op} reg_key {sreg-key} set {set-name} [[sreg-data:sreg_data {sreg-data} ]]" +
		"[[timeout:timeout {timeout}ms ]]{expr:exprs}"}},
	"payload": {
		{"sreg", "write reg {sreg} => {len}b @ {base} header + {offset} csum_type {csum-type} " +
			"csum_off {csum-offset} csum_flags {csum-flags:hex} "},
		{"", "load {len}b @ {base} header + {offset} => reg {dreg} "},
	},
	"exthdr": {
		{"sreg", "write {op} reg {sreg} => {len}b @ {type} + {offset} "},
		{"", "load {op} {len}b @ {type} + {offset}{flags:present} => reg {dreg} "},
	},
	"meta": {
		{"sreg", "set {key} with reg {sreg} "},
		{"", "load {key} => reg {dreg} "},
	},
	"ct": {
		{"sreg", "set {key} with reg {sreg} [[direction:, dir {direction} ]]"},
		{"", "load {key} => reg {dreg} [[direction:, dir {direction} ]]"},
	},
	"hash": {
		{"type=symhash", "reg {dreg} = symhash() % mod {modulus}[[offset: offset {offset}]] "},
		{"", "reg {dreg} = jhash(reg {sreg}, {len}, {seed:hex}) % mod {modulus}[[offset: offset {offset}]] "},
	},
	"rt":        {{"", "load {key} => reg {dreg} "}},
	"socket":    {{"", "load {key} => reg {dreg} [[level:level {level} ]]"}},
	"limit":     {{"", "rate {rate}/{unit:unit} burst {burst} type {type} flags {flags:hex} "}},
	"counter":   {{"", "pkts {packets} bytes {bytes} "}},
	"connlimit": {{"", "count {count} flags {flags:x} "}},
	"last": {
		{"set=1", "{msecs:dec} "},
		{"set=0", "never "}, // the msecs of a never-used last are not printed
		{"", "never "},
	},
	"log": {
		{"group", "[[prefix:prefix {prefix:text} ]]group {group} snaplen {snaplen} qthreshold {qthreshold} "},
		{"", "[[prefix:prefix {prefix:text} ]][[level:level {level} ]]{flags:words}"},
	},
	"queue":  {{"", "num {num:qrange} [[sreg-qnum:sreg_qnum {sreg-qnum} ]]{flags:words}"}},
	"quota":  {{"", "bytes {bytes} consumed {consumed} flags {flags:dec} "}},
	"reject": {{"", "type {type:dec} code {icmp-code} "}},
	"nat": {{"", "{type} {family} [[reg-addr-min:addr_min reg {reg-addr-min} ]][[reg-addr-max:addr_max reg {reg-addr-max} ]]" +
		"[[reg-proto-min:proto_min reg {reg-proto-min} ]][[reg-proto-max:proto_max reg {reg-proto-max} ]][[flags:flags {flags:hex} ]]"}},
	"masq": {{"", "[[reg-proto-min:proto_min reg {reg-proto-min} ]][[reg-proto-max:proto_max reg {reg-proto-max} ]]" +
		"[[flags:flags {flags:hex} ]]"}},
	"redir": {{"", "[[reg-proto-min:proto_min reg {reg-proto-min} ]][[reg-proto-max:proto_max reg {reg-proto-max} ]]" +
		"[[flags:flags {flags:hex} ]]"}},
	"dup": {{"", "[[sreg-addr:sreg_addr {sreg-addr} ]][[sreg-dev:sreg_dev {sreg-dev} ]]"}},
	"fwd": {{"", "[[sreg-dev:sreg_dev {sreg-dev} ]][[sreg-addr:sreg_addr {sreg-addr} ]][[nfproto:nfproto {nfproto:dec} ]]"}},
	"objref": {
		{"set-sreg", "sreg {set-sreg} set {set-name} "},
		{"", "type {imm-type:dec} name {imm-name} "},
	},
	"fib":          {{"", "{flags:fib}{result}{flags:present} => reg {dreg} "}},
	"numgen":       {{"", "reg {dreg} = {type} mod {modulus} [[offset:offset {offset} ]]"}},
	"tproxy":       {{"", "[[family:{family} ]][[reg-addr:addr reg {reg-addr} ]][[reg-port:port reg {reg-port} ]]"}},
	"osf":          {{"", "[[dreg:dreg {dreg} ]]"}},
	"xfrm":         {{"", "load {dir} {spnum} {key} => reg {dreg} "}},
	"synproxy":     {{"", "[[mss:mss {mss} wscale {wscale} ]]"}},
	"tunnel":       {{"", "load {key} => reg {dreg} "}},
	"flow_offload": {{"", "flowtable {name} "}},
	"inner":        {{"", "type {type:dec} hdrsize {hdrsize} flags {flags:x} [ {expr:expr}] "}},
	"match":        {{"", "name {name} rev {rev} "}},
	"target":       {{"", "name {name} rev {rev} "}},
	"notrack":      {{"", ""}},
}
