-- luacheck configuration: Lua 5.4; the globals hanscan gives exec scripts
-- (document, emit, columns, pack, extract) and report scripts (report).
std = "lua54"
max_line_length = false
files["examples/"] = { globals = { "document", "emit", "columns", "pack", "extract", "report" } }
