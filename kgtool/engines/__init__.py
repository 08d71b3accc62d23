"""The engine seam: the two ways kgtool loads, reasons, validates and writes a graph (rdflib +
owlrl/reasonable + pySHACL, the reference; Oxigraph + compiled rules and shapes, the fast one),
behind one interface, chosen once by one measure.
"""
