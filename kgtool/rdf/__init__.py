"""RDF in: strict, contained parsing (file:line:column errors, size limits, no network), the
named graph of each project file, and the vocabulary (namespaces; ``kgt:`` generated from the ontology).
"""
