-- Test fixture: a pack without a name.
return { version = "1", api = 1, rules = { "rules" } }
