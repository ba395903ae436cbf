"""Table Schemas: the model (v1 and v2 types and constraints), inference with German presets, and the
library of reusable municipal schemas."""
