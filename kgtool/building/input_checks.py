"""Suspicious input that still builds: each named in one warning line by ``kgtool build``.

- a document file with no triples (empty, or only prefixes and comments): it would build as a
  document with nothing in it;
- two encoded documents with the same 文号 (``kgt:docNumber`` of a document that has a
  ``kgt:sourceFile``): the same document entered twice, or a mistyped number;
- a document file that declares ontology terms (``owl:Class``, ``owl:ObjectProperty`` …):
  terms belong in ``ontology/``, where shapes, rules and the generated vocabulary see them.

The checks read the files' names and the loaded named graphs through any
:class:`kgtool.stores.base.Store` (rdflib or Oxigraph), so both build pipelines give the same lines.
"""
from __future__ import annotations

import re
from pathlib import Path

from kgtool.bilingual import Bilingual
from kgtool.rdf.graph import graph_name_for, rdf_files
from kgtool.rdf.namespaces import KGG

__all__ = ["input_warnings", "empty_rdf_file"]

_NO_TRIPLE_LINE = re.compile(r"^\s*(#.*|@prefix\b.*|@base\b.*|PREFIX\b.*|BASE\b.*)?$", re.IGNORECASE)
_TEXT_LIMIT = 64 * 1024  # a file this large holds something besides prefixes and comments

_ONTOLOGY_TERMS = """PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?g ?term ?kind WHERE {
  VALUES ?kind { owl:Class owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty
                 owl:Ontology rdfs:Class rdf:Property }
  GRAPH ?g { ?term a ?kind }
  FILTER(STRSTARTS(STR(?g), "%s"))
}
ORDER BY ?g ?term""" % KGG["doc-"]

_SAME_NUMBER = """PREFIX kgt: <https://w3id.org/kgtool/ontology#>
SELECT ?number (GROUP_CONCAT(DISTINCT ?file; separator=", ") AS ?files)
       (COUNT(DISTINCT ?doc) AS ?n)
WHERE { GRAPH ?g { ?doc kgt:docNumber ?number ; kgt:sourceFile ?file } }
GROUP BY ?number
HAVING (COUNT(DISTINCT ?doc) > 1)
ORDER BY ?number"""


def empty_rdf_file(path: Path) -> bool:
    """True when ``path`` holds no triple: zero bytes, or (Turtle/TriG/N-Triples/N-Quads) only
    blank lines, comments and prefix/base declarations.

    >>> import tempfile, os
    >>> p = Path(tempfile.mkdtemp()) / "005-x.ttl"
    >>> _ = p.write_text("@prefix kgt: <https://w3id.org/kgtool/ontology#> .\\n# nothing yet\\n")
    >>> empty_rdf_file(p)
    True
    """
    size = path.stat().st_size
    if size == 0:
        return True
    if size > _TEXT_LIMIT or path.suffix.lower() not in (".ttl", ".trig", ".nt", ".nq"):
        return False
    text = path.read_text(encoding="utf-8", errors="replace")
    return all(_NO_TRIPLE_LINE.match(line) for line in text.splitlines())


def input_warnings(project, store) -> list[str]:
    """One line per suspicious input of ``project`` whose data is loaded in ``store``.

    :param project: the :class:`~kgtool.project.Project` (its data directories).
    :param store: a :class:`~kgtool.stores.base.Store` over the loaded named graphs.
    :returns: the warning lines (empty when nothing is suspicious).
    """
    out: list[str] = []
    for directory in project.data:
        for path in rdf_files(Path(directory)):
            if str(graph_name_for(path)).startswith(str(KGG["doc-"])) and empty_rdf_file(path):
                out.append(Bilingual(f"{path}: empty document file (no triples): it builds as a "
                                     "document with nothing in it; fill it or remove it",
                                     f"{path}：空的文件数据文件（没有三元组）：它会构建成一个没有"
                                     "任何内容的文件；请填写或删除它"))
    for row in store.select(_ONTOLOGY_TERMS, timeout=120).records():
        kind = row['kind'].rsplit('#', 1)[-1]
        out.append(Bilingual(f"{row['g']}: a document graph declares the ontology term "
                             f"{row['term']} ({kind}); ontology terms belong in ontology/",
                             f"{row['g']}：文件图声明了本体术语 {row['term']}（{kind}）；本体术语"
                             "应放在 ontology/ 中"))
    for row in store.select(_SAME_NUMBER, timeout=120).records():
        out.append(Bilingual(f"{row['n']} documents have the same 文号 {row['number']} "
                             f"(source files {row['files']}): the same document twice, or a "
                             "mistyped number",
                             f"{row['n']} 份文件的文号同为 {row['number']}（源文件 {row['files']}）："
                             "同一文件录入了两次，或文号有误"))
    return out
