"""Views of the built graph: RDF exports, network views and their file formats (Gephi,
Cytoscape, Graphviz), the offline explorer, charts, analysis, ontology docs, diffs.
"""
