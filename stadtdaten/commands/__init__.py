"""One module per command (datacontract-cli style); shared options live in :mod:`._options`."""
