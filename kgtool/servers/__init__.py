"""The graph on a real SPARQL server: ``kgtool serve`` (Oxigraph behind a checking gate),
``push`` and ``pull``.
"""
