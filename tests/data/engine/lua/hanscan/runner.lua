-- Test fixture for tests/c/test_engine.c: a minimal hanscan.runner that
-- delegates to the pack's own extract function.
local M = {}

function M.load(dir)
  local pack = require "pack" -- found in the pack folder (search dir)
  pack.dir = dir
  return pack
end

function M.extract(pack, doc)
  return pack.extract(doc)
end

return M
