"""Human-readable review lines of a draft graph (``kgtool review``)."""
from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS

from ..namespaces import KG, KGT, SCHEMA
from .reference import load_reference


def review_lines(graph: Graph, *, lang: str = "en", data_dir=None) -> list[str]:
    """Human-readable lines for each drafted fact of a draft graph: kind, key values, quote.

    :param graph: a draft graph (from :func:`extract_document` or ``kgtool intake``).
    :param lang: label language of concept names, ``en`` or ``zh``.
    :returns: lines, three per fact: ``<iri>  <kind>``, key values, the quote.
    """
    ref = load_reference(data_dir)

    def name(node):
        if isinstance(node, Literal):
            return str(node)
        lab = graph.value(node, RDFS.label) if (node, RDFS.label, None) in graph else None
        for src in (ref, None):
            if src is not None:
                got = src.label(node, lang) or src.label(node, "zh")
                if got:
                    return got
        if lab is not None:
            return str(lab)
        return str(node).replace(str(KG), "kg:")

    lines = []
    facts = sorted(set(graph.subjects(KGT.quote, None)), key=str)
    for f in facts:
        kinds = sorted(str(t).replace(str(KGT), "") for t in graph.objects(f, RDF.type))
        lines.append(f"{str(f).replace(str(KG), 'kg:')}  {'/'.join(kinds)}")
        parts = []
        for p, label in _REVIEW_PROPS:
            for o in sorted(graph.objects(f, p), key=str):
                if p == KGT.amount:
                    o = graph.value(o, SCHEMA.value)
                    if o is None:
                        continue
                parts.append(f"{label}={name(o)}")
        for a in sorted(graph.objects(f, KGT.assignment), key=str):
            parts.append(f"{name(graph.value(a, KGT.agent))}:{name(graph.value(a, KGT.role))}")
        lines.append("    " + ("; ".join(parts) if parts else "-"))
        s, e = graph.value(f, KGT.quoteStart), graph.value(f, KGT.quoteEnd)
        where = f" [{s}:{e}]" if s is not None else ""
        lines.append(f"    「{graph.value(f, KGT.quote)}」{where}")
    return lines


_REVIEW_PROPS = [(KGT.metric, "metric"), (KGT.value, "value"), (KGT.minValue, "min"),
                 (KGT.maxValue, "max"), (KGT.comparator, "comparator"), (KGT.unit, "unit"),
                 (KGT.deadline, "deadline"), (KGT.perYear, "perYear"),
                 (KGT.aspirational, "aspirational"), (KGT.amount, "amount CNY"),
                 (KGT.funder, "funder"), (KGT.recipientCondition, "recipient"),
                 (KGT.bodyType, "body"), (KGT.action, "action"), (KGT.zoneType, "zone"),
                 (KGT.level, "level"), (KGT.industry, "industry"), (RDFS.comment, "note")]
