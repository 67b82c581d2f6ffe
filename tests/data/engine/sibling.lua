-- Test fixture: found by require from sandbox.lua's folder.
return "sibling loaded"
