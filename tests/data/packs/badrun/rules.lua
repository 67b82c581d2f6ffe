-- Test fixture: a runtime error on line 3 when the module loads.
local words = nil
return { indicators = { { indicator = "revenue", before = words[1] } } }
