-- Rules of the sandbox fixture pack. Line numbers matter: the tests look
-- for "rules.lua:<line>" in the error messages.
local lpeg = require "lpeg"
local P, R, C, Cp, V = lpeg.P, lpeg.R, lpeg.C, lpeg.Cp, lpeg.V
local digits = R"09"^1 * ("." * R"09"^1)^-1
-- a grammar that nests once per "a": deep input overflows the stack
local nested = P{ "a" * V(1) * "b" + "" }

return {
  patterns = {
    { id = "boom", pattern = P"BOOM",
      action = function(ctx)
        error("boom in " .. ctx.doc.name) -- line 13
      end },
    { id = "loop", pattern = P"LOOP",
      action = function()
        local n = 0
        while true do n = n + 1 end -- line 18
      end },
    { id = "hog", pattern = P"HOG",
      action = function()
        local t = {}
        for i = 1, math.huge do t[i] = ("x"):rep(64) .. i end -- line 23
      end },
    { id = "deep", pattern = P"DEEP" * nested,
      action = function() return nil end }, -- line 26: errors name it
    { id = "escape", pattern = P"ESCAPE",
      action = function(ctx)
        local found = {}
        for _, name in ipairs { "io", "os", "debug", "package", "dofile",
          "loadfile", "require_path" } do
          if _ENV[name] ~= nil then found[#found + 1] = name end
        end
        lpeg.setmaxstack(1000000) -- clamped: DEEP still overflows
        local ok = pcall(function() string.upper = nil end)
        if ok then found[#found + 1] = "string.upper writable" end
        ok = pcall(function() _G.x = 1 end)
        if not ok then found[#found + 1] = "_G not writable" end
        -- reported as the value: "none" when the sandbox held
        local v = #found == 0 and 1 or 0
        if #found > 0 then error("sandbox leaks: " .. table.concat(found, " ")) end
        return { indicator = "other", value = v, unit = "count",
          s = 1, e = 7 }
      end },
    { id = "revenue", pattern = P"收入" * C(digits) * P"亿元" * Cp(),
      action = function(ctx, v, e)
        return { indicator = "revenue", value = ctx.number(v .. "亿"),
          unit = "CNY", s = 1, e = e }
      end },
  },
}
