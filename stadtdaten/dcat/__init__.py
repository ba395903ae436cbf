"""DCAT-AP.de: the dataset model to an rdflib graph, vocabularies, SHACL, MQA score, serialisers, harvesting."""
