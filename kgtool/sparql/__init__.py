"""SPARQL text as every store reads it: shared prefixes and the safety check that refuses
what would reach outside the loaded graph (SERVICE, FROM, LOAD, updates).
"""
