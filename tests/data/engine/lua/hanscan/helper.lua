-- Test fixture: a shared module found in the Lua dir.
return { answer = 42 }
