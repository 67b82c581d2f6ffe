-- Test fixture: a rules module that fails while loading (line 3).
return { name = "badrun", version = "1", api = 1, rules = { "rules" } }
