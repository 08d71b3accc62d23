"""Ontology documentation: one self-contained HTML page for the kgtool ontology.

Implements the ``docs`` requirement of STYLE.md section 4: every ``owl:Class``,
``owl:ObjectProperty`` and ``owl:DatatypeProperty`` declared in ``ontology/*.ttl`` is listed
with its IRI, Chinese and English labels, definitions, super classes or properties,
domain and range, and the module (``rdfs:isDefinedBy``) that defines it. The page embeds its
own CSS and uses no scripts, external stylesheets or fonts, so it works offline.
"""
from __future__ import annotations

import html
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kgtool.errors import InputError
from kgtool.fsutil import atomic_write
from kgtool.rdf.namespaces import PREFIXES

__all__ = ["render_html", "write_html"]

_KINDS = [(OWL.Class, "Classes", "类"), (OWL.ObjectProperty, "Object properties", "对象属性"),
          (OWL.DatatypeProperty, "Datatype properties", "数据属性")]
_ANCHOR_OK = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
_CSS = """body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.45;color:#222}
h1{border-bottom:2px solid #345}h2{margin-top:2em;color:#345}
section.term{border:1px solid #ccd;border-radius:4px;padding:.4em 1em;margin:1em 0}
section.term h3{margin:.3em 0}code{background:#f3f3f6;padding:0 .2em}
dl{display:grid;grid-template-columns:10em 1fr;gap:.2em 1em}dt{font-weight:bold;color:#555}dd{margin:0}
nav ul{columns:3}.zh{color:#333}"""


def _qname(graph: Graph, node) -> str:
    """Return a prefixed name for ``node`` where a project prefix applies, else the IRI or N3 form."""
    if isinstance(node, URIRef):
        for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(str(kv[1]))):
            if str(node).startswith(str(ns)) and len(str(node)) > len(str(ns)):
                return f"{prefix}:{str(node)[len(str(ns)):]}"
        return str(node)
    return node.n3() if hasattr(node, "n3") else str(node)


def _anchor(graph: Graph, node) -> str:
    """Return an HTML id for a term, built from its prefixed name."""
    return "".join(c if c in _ANCHOR_OK else "-" for c in _qname(graph, node))


def _lang(graph: Graph, node, prop, lang: str) -> list[str]:
    """Return the sorted literal values of ``prop`` on ``node`` whose language is ``lang``."""
    return sorted(str(o) for o in graph.objects(node, prop)
                  if isinstance(o, Literal) and (o.language or "").split("-")[0] == lang)


def _links(graph: Graph, nodes, documented: set) -> str:
    """Render IRIs as links (internal anchors for documented terms), comma separated."""
    parts = []
    for n in sorted(nodes, key=str):
        name = html.escape(_qname(graph, n))
        if n in documented:
            parts.append(f'<a href="#{_anchor(graph, n)}"><code>{name}</code></a>')
        elif isinstance(n, URIRef):
            parts.append(f'<a href="{html.escape(str(n))}"><code>{name}</code></a>')
        else:
            parts.append(f"<code>{name}</code>")
    return ", ".join(parts) or "—"


def _term(graph: Graph, node, kind, documented: set) -> str:
    """Render one class or property as an HTML ``<section>``."""
    esc = html.escape
    zh, en = _lang(graph, node, RDFS.label, "zh"), _lang(graph, node, RDFS.label, "en")
    rows = [("IRI", f"<code>{esc(str(node))}</code>"),
            ("Label (zh)", f'<span class="zh" lang="zh">{esc(" / ".join(zh)) or "—"}</span>'),
            ("Label (en)", f'<span lang="en">{esc(" / ".join(en)) or "—"}</span>')]
    for lang in ("en", "zh"):
        for text in _lang(graph, node, SKOS.definition, lang):
            rows.append((f"Definition ({lang})", f'<span lang="{lang}">{esc(text)}</span>'))
    types = set(graph.objects(node, RDF.type)) - {kind}
    if types:
        rows.append(("Also a", _links(graph, types, documented)))
    if kind == OWL.Class:
        rows.append(("Subclass of", _links(graph, graph.objects(node, RDFS.subClassOf), documented)))
        subs = set(graph.subjects(RDFS.subClassOf, node))
        if subs:
            rows.append(("Subclasses", _links(graph, subs, documented)))
        disjoint = set(graph.objects(node, OWL.disjointWith)) | set(graph.subjects(OWL.disjointWith, node))
        if disjoint:
            rows.append(("Disjoint with", _links(graph, disjoint, documented)))
    else:
        rows.append(("Subproperty of", _links(graph, graph.objects(node, RDFS.subPropertyOf), documented)))
        rows.append(("Domain", _links(graph, graph.objects(node, RDFS.domain), documented)))
        rows.append(("Range", _links(graph, graph.objects(node, RDFS.range), documented)))
    rows.append(("Module", _links(graph, graph.objects(node, RDFS.isDefinedBy), documented)))
    for comment in _lang(graph, node, RDFS.comment, "en"):
        rows.append(("Comment", esc(comment)))
    body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    heading = f"{esc(_qname(graph, node))} — {esc(' / '.join(zh + en))}"
    return f'<section class="term" id="{_anchor(graph, node)}"><h3>{heading}</h3><dl>{body}</dl></section>'


def render_html(ontology_graph: Graph, *, title: str = "kgtool ontology") -> str:
    """Render every class and property of ``ontology_graph`` as one self-contained HTML page.

    The page has a table of contents (modules, then one list per kind of term) followed by a
    section per term. Only IRI subjects typed ``owl:Class``, ``owl:ObjectProperty`` or
    ``owl:DatatypeProperty`` are documented; blank nodes (e.g. ``owl:AllDisjointClasses``) are not.

    :param ontology_graph: the merged ontology modules.
    :param title: the page title and top heading.
    :returns: the HTML document as a string.

    >>> from rdflib import Graph
    >>> g = Graph().parse(data='''@prefix owl: <http://www.w3.org/2002/07/owl#> .
    ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... <https://w3id.org/kgtool/ontology#Goal> a owl:Class ; rdfs:label "目标"@zh , "goal"@en .
    ... ''', format="turtle")
    >>> page = render_html(g)
    >>> "https://w3id.org/kgtool/ontology#Goal" in page and "目标" in page
    True
    """
    esc = html.escape
    terms = {kind: sorted({s for s in ontology_graph.subjects(RDF.type, kind) if isinstance(s, URIRef)},
                          key=lambda n: _qname(ontology_graph, n).lower())
             for kind, _, _ in _KINDS}
    documented = {n for group in terms.values() for n in group}
    modules = sorted(s for s in ontology_graph.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef))
    out = [f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title>',
           f"<style>{_CSS}</style></head><body><h1>{esc(title)}</h1>",
           f"<p>{len(documented)} terms in {len(modules)} modules. Generated from "
           "<code>ontology/*.ttl</code>; do not edit.</p>", '<nav id="toc"><h2>Contents</h2><ul>']
    out += [f'<li><a href="#{k.split()[0].lower()}">{k} / {z}</a> ({len(terms[kind])})</li>'
            for kind, k, z in _KINDS]
    out.append('<li><a href="#modules">Modules / 模块</a></li></ul>')
    for kind, heading, _ in _KINDS:
        out.append(f"<h3>{heading}</h3><ul>")
        out += [f'<li><a href="#{_anchor(ontology_graph, n)}">{esc(_qname(ontology_graph, n))}</a> '
                f'<span class="zh">{esc(" / ".join(_lang(ontology_graph, n, RDFS.label, "zh")))}</span></li>'
                for n in terms[kind]]
        out.append("</ul>")
    out.append('</nav><h2 id="modules">Modules / 模块</h2><dl>')
    for m in modules:
        titles = " / ".join(_lang(ontology_graph, m, DCTERMS.title, "en")
                            + _lang(ontology_graph, m, DCTERMS.title, "zh"))
        desc = " ".join(_lang(ontology_graph, m, DCTERMS.description, "en"))
        version = " ".join(str(v) for v in ontology_graph.objects(m, OWL.versionInfo))
        out.append(f'<dt id="{esc(_anchor(ontology_graph, m))}"><code>{esc(str(m))}</code></dt>'
                   f"<dd>{esc(titles)} {esc(version)}<br>{esc(desc)}</dd>")
    out.append("</dl>")
    for kind, heading, zh in _KINDS:
        out.append(f'<h2 id="{heading.split()[0].lower()}">{heading} / {zh}</h2>')
        out += [_term(ontology_graph, n, kind, documented | set(modules)) for n in terms[kind]]
    out.append("</body></html>\n")
    return "\n".join(out)


def write_html(ontology_dir: Path, out: Path) -> Path:
    """Load ``ontology_dir/*.ttl`` and write the documentation page to ``out`` atomically.

    The page is written to a temporary file beside ``out`` and moved into place with
    ``os.replace``, so a failure leaves any previous page intact.

    :param ontology_dir: the directory holding the ontology modules (not ``shapes/``).
    :param out: the HTML file to write; parent directories are created.
    :returns: the path written.
    :raises InputError: if the directory has no ``.ttl`` file or a module does not parse.
    """
    files = sorted(Path(ontology_dir).glob("*.ttl"))
    if not files:
        raise InputError("no ontology modules (*.ttl) found", path=str(ontology_dir))
    graph = Graph()
    for path in files:
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises several parser-specific exception types
            raise InputError(f"cannot parse ontology module: {exc}", path=str(path)) from exc
    page = render_html(graph)
    with atomic_write(out, "w") as fh:  # temp file + os.replace (kgtool.fsutil)
        fh.write(page)
    return Path(out)
