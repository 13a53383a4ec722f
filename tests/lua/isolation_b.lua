-- The second file of the pair: isolation_a.lua's top level and cases, run
-- by require in this file's own namespace, in parallel with the first.
require("isolation_a")
