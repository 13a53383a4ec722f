-- what nlsh -j prints: the script's return values
return {name = "returns.lua", argc = #arg}, {}
