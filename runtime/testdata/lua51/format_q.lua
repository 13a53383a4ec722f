-- string.format %q
print(string.format("%q", 'a "quoted" \\ string'))
print(string.format("%q", "line1\nline2"))
print(string.format("%q", "tab\there"))
print(string.format("%q", "nul\0byte"))
print(string.format("%q", "\r"))
