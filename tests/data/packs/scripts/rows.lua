-- Test fixture for hanscan exec (tests/c/test_sandbox.c, commands.sh):
-- one row per line of the document; FAIL raises on line 11, TABLE emits a
-- cell that is not one.
columns = { "doc", "line", "text", "ok" }

function document(doc)
  local n = 0
  for line in (doc.text .. "\n"):gmatch("([^\n]*)\n") do
    n = n + 1
    if line == "FAIL" then
      error("failing on " .. doc.name) -- line 11
    elseif line == "TABLE" then
      emit { doc = doc.name, bad = {} }
    end
    local row = { doc = doc.name, line = n, text = line, ok = true }
    if n == 2 then row.x = 0.5 end
    emit(row)
  end
end
