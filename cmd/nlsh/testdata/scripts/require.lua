-- helper.lua sits next to this script, not in the working directory.
local helper = require("helper")
print(helper.greet("netlink"))
