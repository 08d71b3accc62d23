"""The extractor's entry point, :func:`extract_document`: text in, :class:`Draft` out."""
from __future__ import annotations

import os

from rdflib import URIRef

from kgtool.errors import InputError
from kgtool.rdf.namespaces import KG
from kgtool.intake.extract.draft import Draft, DraftContext, make_slug
from kgtool.intake.extract.funding import draft_funding
from kgtool.intake.extract.measures import draft_bodies_zones_industries
from kgtool.intake.extract.metadata import draft_citations, draft_metadata
from kgtool.intake.extract.reading_doubts import doubt
from kgtool.intake.extract.reference import load_reference
from kgtool.intake.extract.targets import draft_targets
from kgtool.intake.extract.tasks import draft_tasks
from kgtool.intake.extract.text import TextView, looks_binary, split_sentences, read_policy_text
from kgtool.intake.extract.to_rdf import draft_graph


# ------------------------------------------------------------------------------ top level
def extract_document(text_or_path, *, source_name: str, doc_iri: str | URIRef | None = None,
                     data_dir: str | os.PathLike | None = None) -> Draft:
    """Draft the graph of one policy document.

    :param text_or_path: the text itself, or a path (``Path``, or a ``str`` naming a file).
    :param source_name: the file name recorded as ``kgt:sourceFile``; also gives the doc slug.
    :param doc_iri: IRI of the document node (default ``kg:draft/<slug>``).
    :param data_dir: project data directory holding ``reference/`` (default: the project's).
    :returns: a :class:`Draft`.
    :raises InputError: the file is empty or not text.

    >>> d = extract_document("渝府发〔2011〕3号\\n到2015年，新增备案企业产品标准5000项。",
    ...                      source_name="x.txt")
    >>> [(f.kind, str(f.values["value"]), f.values["metric"]) for f in d.by_kind("target")]
    [('target', '5000', 'enterprise-product-standards-filed')]
    """
    if isinstance(text_or_path, os.PathLike) or (
            isinstance(text_or_path, str) and "\n" not in text_or_path and len(text_or_path) < 1024
            and os.path.isfile(text_or_path)):
        text = read_policy_text(text_or_path)
    elif isinstance(text_or_path, str):
        text = text_or_path.lstrip("\ufeff")
        if "\x00" in text or looks_binary(text):
            raise InputError("not a text file", path=source_name)
        if not text.strip():
            raise InputError("empty file", path=source_name)
    else:
        raise InputError(f"expected text or a path, got {type(text_or_path).__name__}",
                         path=source_name)
    ref = load_reference(data_dir)
    slug = make_slug(source_name)
    doc = URIRef(str(doc_iri)) if doc_iri else KG[f"draft/{slug}"]
    view = TextView(text)
    ctx = DraftContext(view, ref, slug, doc)
    sents = split_sentences(view.text)
    meta = draft_metadata(ctx)
    meta["citations"] = draft_citations(ctx)
    meta["joined_lines"] = view.joined_lines
    facts = draft_targets(ctx, sents) + draft_funding(ctx, sents) + draft_tasks(ctx, sents) + \
        draft_bodies_zones_industries(ctx, sents)
    seen, unique = set(), []
    for f in facts:
        k = f.key()
        if k not in seen:
            seen.add(k)
            unique.append(f)
    counters: dict[str, int] = {}
    for f in unique:
        counters[f.kind] = counters.get(f.kind, 0) + 1
        f.iri = KG[f"draft/{slug}/{f.kind}-{counters[f.kind]:02d}"]
    for f in unique:
        _mark_doubt(f, view.text)
    graph = draft_graph(ctx, meta, unique, source_name=source_name)
    return Draft(graph=graph, facts=unique, doc_iri=doc, text=text, metadata=meta)


def _mark_doubt(f, text: str) -> None:
    """Set ``f.values["doubt"]`` to ``(probability, marks)`` when the reading-doubt model
    (:mod:`.reading_doubts`) doubts a drafted funding item."""
    if f.kind == "funding" and f.values.get("amount") is not None:
        found = doubt(f.quote, text, amount=f.values["amount"])
        if found is not None:
            f.values["doubt"] = found
