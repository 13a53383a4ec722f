#!/usr/bin/env nlsh
print("a script saved with a byte order mark", debug == nil)
