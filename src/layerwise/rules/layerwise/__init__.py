"""layerwise's own LW rules, one module each."""
