return { indicators = { { indicator = "revenue", before = { "收入" } } } }
