-- Test fixture: a rules module with a syntax error (rules.lua line 4).
return { name = "badsyntax", version = "1", api = 1, rules = { "rules" } }
