#!/usr/bin/env nlsh
print("line", debug == nil, 3)
error("on line 3")
