"""SHACL validation: pySHACL (the reference), the shapes compiled to SPARQL (fast, delegating
what it does not compile), shapes loading, reports in plain words, ``kgtool validate``.
"""
