"""Stores: the :class:`~kgtool.stores.base.Store` interface every read goes through, and its
implementations over rdflib, Oxigraph (in memory or the build's on-disk store) and a remote
SPARQL 1.1 endpoint.
"""
