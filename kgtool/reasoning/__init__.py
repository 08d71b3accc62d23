"""Reasoning: the OWL 2 RL closure (owlrl and reasonable on rdflib; the ontology compiled to
SPARQL updates on Oxigraph), the profile check of which engine is exact on which constructs,
and the project's rules.
"""
