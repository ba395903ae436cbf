"""Where datasets live: the embedded local catalogue (SQLite, the default), CKAN publishing, the DCAT endpoint."""
