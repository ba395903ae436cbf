"""``stadtdaten serve``: the catalogue as DCAT (paged, content-negotiated) and as accessible HTML pages."""
