-- SPDX-License-Identifier: MIT
-- subset.lua — helpers of bench/make-corpus.sh for the one-process opencc pass.
--   lua5.4 subset.lua join MARK LIST        > marked.txt
--     the files of LIST (one path a line), each followed by "\n" MARK "\n"
--   lua5.4 subset.lua split MARK LIST MARKED FROM TO
--     cut MARKED back at the markers into files: a path of LIST with its
--     leading FROM replaced by TO
local mode, mark, list = arg[1], arg[2], arg[3]
if mode == "join" then
  for path in io.lines(list) do
    local f = assert(io.open(path, "rb"))
    io.write(f:read("a"), "\n", mark, "\n")
    f:close()
  end
elseif mode == "split" then
  local f = assert(io.open(arg[4], "rb"))
  local all = f:read("a")
  f:close()
  local from, to, sep, pos = arg[5], arg[6], "\n" .. mark .. "\n", 1
  for path in io.lines(list) do
    local a, b = all:find(sep, pos, true)
    assert(a, "subset.lua: a document boundary is missing")
    assert(path:sub(1, #from) == from, "subset.lua: " .. path .. " is not under " .. from)
    local o = assert(io.open(to .. path:sub(#from + 1), "wb"))
    o:write(all:sub(pos, a - 1))
    o:close()
    pos = b + 1
  end
  assert(pos == #all + 1, "subset.lua: bytes after the last document")
else
  io.stderr:write("usage: lua5.4 subset.lua join MARK LIST | split MARK LIST MARKED FROM TO\n")
  os.exit(2)
end
