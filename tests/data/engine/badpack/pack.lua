-- Test fixture: a pack with a syntax error on line 3.
return {
  name = "bad" extract = nil,
}
