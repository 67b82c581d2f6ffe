-- Test fixture (tests/e2e/sandbox.sh, tests/c/test_sandbox.c): a pack
-- whose rules misbehave on purpose, selected by a word at the start of a
-- line: BOOM raises, LOOP never ends, HOG allocates without bound, DEEP
-- runs an LPeg grammar into its backtrack limit, ESCAPE tries to leave
-- the sandbox. Any other line "收入N亿元" gives one fact.
return {
  name = "sandbox",
  version = "1.0",
  api = 1,
  description = "misbehaving rules for the sandbox tests",
  rules = { "rules" },
  triggers = { "收入", "BOOM", "LOOP", "HOG", "DEEP", "ESCAPE" },
}
