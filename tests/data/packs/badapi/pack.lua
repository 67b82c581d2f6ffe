-- Test fixture: a pack written for a later API.
return { name = "future", version = "9", api = 2, rules = {} }
