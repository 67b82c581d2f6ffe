-- Test fixture run by tests/c/test_engine.c through hs_engine_run_file:
-- the sandbox has exactly the documented libraries.
assert(io == nil and os == nil and package == nil and debug == nil)
assert(dofile == nil and loadfile == nil)
assert(coroutine == nil)
assert(type(string.format) == "function" and type(table.concat) == "function")
assert(type(math.floor) == "function" and type(utf8.char) == "function")
assert(lpeg == nil, "lpeg is reached through require only")
local lpeg = require "lpeg"
assert(lpeg.match(lpeg.C(lpeg.R "09" ^ 1), "614.13") == "614")
assert(require "lpeg" == lpeg)
assert(require "string" == string)
assert(require("hanscan.helper").answer == 42)
assert(require "sibling" == "sibling loaded") -- next to this file
local ok, err = pcall(require, "no.such.module")
assert(not ok and err:find("module 'no.such.module' not found", 1, true), err)
assert(err:find("no file '", 1, true))
ok, err = pcall(require, "../etc/passwd")
assert(not ok and err:find("invalid module name", 1, true), err)
-- load takes text chunks only
local f = assert(load("return 1 + 1"))
assert(f() == 2)
ok, err = load(string.dump(f))
assert(ok == nil and err:find("binary", 1, true), err)
assert(load("return x", "=c", "b", { x = 5 })() == 5) -- mode forced to "t"
print("sandbox.lua: print goes to stderr")
