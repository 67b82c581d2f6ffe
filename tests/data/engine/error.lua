-- Test fixture: fails on line 3.
local x = 1
error("expected failure " .. x)
