-- Number formatting and conversion.
print(1, 1.5, -1.5, 100, -0.25)
print(1e15, 1e16, 1e100, 2^53, 2^63)
print(0.1, 1/3, 123456789012)
local z = 0
print(-z, 1/z, -1/z)
print(10 / 2, 7 / 2, 3 * 1.0, 2^10)
print(tostring(1e15), tostring(12.0), tostring(-12.0))
print(math.floor(3.7), math.ceil(3.2), math.huge, -math.huge)
print(7 % 3, -7 % 3, 7 % -3, 5.5 % 2)
local nan = 0/0
print(tostring(nan), tostring(-nan), nan ~= nan)
print(5.0, -3.0, 2^31 + 0.0, 1e2)
print(0/0 ~= 0/0)
print(2^31, 2^32 + 1)
print(1e300 * 1e10)
