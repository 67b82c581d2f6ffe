-- Test fixture: the syntax error is on line 4.
return {
  indicators = {
    { indicator = "revenue" before = { "收入" } },
  },
}
