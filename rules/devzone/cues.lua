-- Cue words of the devzone pack, added to hanscan's shared ones
-- (lua/hanscan/cues.lua). Plain text, matched on the normalized
-- (Simplified) text.
return {
  -- 亩 with no keyword of its own is land
  unit_defaults = { mu = "land_area", km2 = "land_area", ha = "land_area" },
}
