"""Pipeline specs and the runner that chains the stages (describe, validate, dcat, publish), incremental and parallel."""
