"""The review file of a draft (YAML) and its application to the draft graph.

``kgtool review draft.ttl --export review.yaml`` writes :func:`export_review`: one entry per
drafted fact (id, kind, confidence, quote, what needs a decision, ``decision: accept``, and the
editable ``values``) and one per organisation drafted from the text (``decision: accept`` or
``replace`` with ``replace_with: kg:org/…``). The analyst sets each decision to ``accept``,
``reject`` or ``edit`` (and edits ``values``); :func:`apply_review` returns the reviewed graph,
with permanent IRIs (``kg:doc/<slug>``, ``kg:fact/<slug>/…``, ``kg:org/<slug>-org-NN``).
The file names its draft and the draft's SHA-256: a draft changed after the export is refused.

The ``add`` section holds the facts no rule drafted: the sentences
:mod:`~kgtool.intake.extract.coverage` listed, each ``decision: skip`` with the fields of its
kind left empty, and any entry the analyst appends (``kind``, ``quote``, ``values``). With
``decision: add`` the fact is added as the extractor would have drafted it: in the document's
jurisdiction, its agencies and funders written as names (市质监局) resolved against the
reference data of that jurisdiction or drafted as new organisations there. Its quote must be in
the source text: ``kgtool extract`` names the source and its SHA-256 at the head of the draft
(:func:`source_comment`), and an added quote that is not in it (whitespace, script and
full-width forms aside), or a source that is gone or changed, is refused.
"""
from __future__ import annotations

import copy
import hashlib
import os
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from kgtool.errors import InputError
from kgtool.rdf.namespaces import KG, KGT, bind_prefixes
from kgtool.intake.extract.resolution import NEEDS_REVIEW_ZH
from kgtool.intake.extract.review import FIELDS, MULTI, fact_values, review_items, short_iri

__all__ = ["export_review", "load_review", "apply_review", "DECISIONS"]

DECISIONS = ("accept", "reject", "edit")
ADD_DECISIONS = ("add", "skip")
#: the fields an added fact of each kind must have (what its shapes require)
ADD_REQUIRED = {"task": ("assignments",),
                "target": ("metric", "unit", "comparator", "quantityKind"),
                "funding": ("amount", "activity", "funder")}
_ADD_TEMPLATE = {"task": {"assignments": []},
                 "target": {"metric": "", "value": "", "unit": "", "comparator": "", "quantityKind": "",
                            "deadline": ""},
                 "funding": {"amount": "", "activity": "", "funder": ""}}
_ADD_CLASS = {"task": KGT.Task, "target": KGT.Target, "funding": KGT.FundingMeasure}
_ADD_EN = {"task": "Task", "target": "Target", "funding": "Funding"}
_NS = {"metric": "metric", "comparator": "cmp", "unit": "unit", "quantityKind": "qkind",
       "level": "level", "jurisdiction": "jur", "funder": "org", "activity": "activity",
       "bodyType": "bodytype", "zoneType": "zonetype", "industry": "industry", "agent": "org",
       "role": "role"}
_DECIMAL = {"value", "min", "max", "amount"}
_BOOL = {"perYear", "aspirational", "perItem"}
_HEADER = """\
# kgtool review file. For each fact set `decision` to accept, reject or edit; with edit, change
# `values` (IRIs as kg:metric/..., kg:org/..., kg:jur/...; numbers as text; true/false).
# A new metric or funded activity: metric: {zh: 团体标准数量, en: group standards} .
# For each drafted organisation: accept (keep it as a new organisation) or replace, with
# replace_with: the reference organisation it is (kg:org/...).
# `add` lists sentences that read like a fact but that no rule drafted (decision: skip). To add
# the fact, set decision: add and fill `values`; append entries of your own the same way:
#   task:    assignments: [{agent: 市质监局, role: lead}, {agent: 市财政局, role: cooperating}]
#   target:  metric, value (or min and max), unit, comparator, quantityKind, deadline
#            (comparator: exactly at-least at-most more-than about range;
#             quantityKind: increment stock rate limit; unit: item unit enterprise percent …)
#   funding: amount (100万元 or 1000000), activity, funder (a name: 区财政局)
# Agencies and funders may be written as names; they are resolved in the document's jurisdiction.
# Then: kgtool review --apply <this file>   (adds the document to data/documents/ as its own graph)
"""


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


_SOURCE_RE = re.compile(r"^# source text: (?P<path>.+) sha256 (?P<sha>[0-9a-f]{64})$", re.M)


def source_comment(source: str | os.PathLike, draft: str | os.PathLike) -> str:
    """The comment line naming a draft's source text (relative to the draft) and its SHA-256,
    for the head of the draft file: :func:`apply_review` checks added quotes against it."""
    rel = os.path.relpath(Path(source).resolve(), Path(draft).resolve().parent)
    return f"# source text: {Path(rel).as_posix()} sha256 {_sha(Path(source))}\n"


def _quote_key(text: str) -> str:
    """``text`` as quotes are compared with their source: normalised, without whitespace."""
    from kgtool.intake.textnorm import normalize

    return re.sub(r"\s+", "", normalize(text))


def _source_key(draft_path: Path) -> tuple[str | None, str]:
    """The matching key of the draft's source text, or None and why it cannot be read."""
    from kgtool.intake.extract.text import read_policy_text

    head = draft_path.read_text(encoding="utf-8", errors="replace")
    m = _SOURCE_RE.search(head[:head.find("\n@") if "\n@" in head else len(head)])
    if not m:
        return None, "the draft does not name its source text (draft it again with kgtool extract)"
    src = draft_path.parent / m["path"]
    if not src.is_file():
        return None, f"the source text {m['path']} is not where the draft says"
    if _sha(src) != m["sha"]:
        return None, f"the source text {m['path']} changed after it was drafted"
    return _quote_key(read_policy_text(src)), m["path"]


def read_draft(path: str | os.PathLike) -> Graph:
    """Parse a draft Turtle file; a bad file is an :class:`InputError`."""
    g = Graph()
    try:
        g.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many types for bad Turtle
        raise InputError(f"not a Turtle file: {' '.join(str(exc).split())[:200]}",
                         path=str(path)) from None
    bind_prefixes(g)
    return g


def _document(g: Graph, path) -> URIRef:
    docs = [d for d in g.subjects(RDF.type, KGT.PolicyDocument) if (d, KGT.sourceFile, None) in g]
    if len(docs) != 1:
        raise InputError(f"a draft has one document with kgt:sourceFile, found {len(docs)}", path=str(path))
    return docs[0]


def export_review(draft_path: str | os.PathLike, out: str | os.PathLike, *, data_dir=None) -> dict:
    """Write the review file of a draft; return its content (a dict)."""
    import yaml

    from kgtool.fsutil import write_text_atomic

    draft_path, out = Path(draft_path), Path(out)
    g = read_draft(draft_path)
    doc = _document(g, draft_path)
    facts = []
    for item in review_items(g, data_dir=data_dir):
        facts.append({"id": short_iri(item.iri), "kind": item.kind, "confidence": item.confidence,
                      "quote": item.quote, "needs": item.needs, "decision": "accept",
                      "values": item.values})
    orgs = []
    for org in sorted({o for o in g.all_nodes() if str(o).startswith(f"{doc}/org-")}, key=str):
        label = next((str(x) for x in g.objects(org, RDFS.label)
                      if getattr(x, "language", None) in ("zh", "zh-Hant")), "")
        jur = g.value(org, KGT.jurisdiction)
        orgs.append({"id": short_iri(org), "label": label,
                     "jurisdiction": short_iri(jur) if jur is not None else "",
                     "decision": "accept", "replace_with": ""})
    rel = os.path.relpath(draft_path.resolve(), out.resolve().parent)
    from kgtool.intake.extract.coverage import read_undrafted

    # the sentences no rule drafted (kgtool extract wrote them at the draft's head): skipped unless
    # the analyst fills them in
    add = [{"line": u.line, "kind": u.kind, "quote": u.text, "decision": "skip",
            "values": copy.deepcopy(_ADD_TEMPLATE[u.kind])}
           for u in read_undrafted(draft_path.read_text(encoding="utf-8", errors="replace"))]
    content = {"draft": rel, "draft_sha256": _sha(draft_path), "document": short_iri(doc),
               "title": str(g.value(doc, DCTERMS.title) or ""), "facts": facts, "organisations": orgs,
               "add": add}
    text = _HEADER + yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=100)
    write_text_atomic(out, text)
    return content


def load_review(path: str | os.PathLike) -> tuple[dict, Path]:
    """Read a review file; return its content and the path of its draft."""
    import yaml

    path = Path(path)
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(f"not a YAML review file: {getattr(exc, 'problem', None) or exc}",
                         path=str(path), line=mark.line + 1 if mark else None) from None
    if not isinstance(content, dict) or not {"draft", "draft_sha256", "facts"} <= set(content):
        raise InputError("not a kgtool review file (needs draft, draft_sha256, facts)", path=str(path))
    draft = (path.parent / str(content["draft"])).resolve()
    if not draft.is_file():
        raise InputError(f"its draft {content['draft']} is missing", path=str(path))
    if _sha(draft) != content["draft_sha256"]:
        raise InputError(f"its draft {content['draft']} changed after the export; export again",
                         path=str(path))
    return content, draft


def _iri(text: str, field: str) -> URIRef:
    t = str(text).strip()
    if t.startswith(("http://", "https://")):
        return URIRef(t)
    if t.startswith("kg:"):
        return KG[t[3:]]
    return KG[f"{_NS[field]}/{t}"]


def _term(field: str, value):
    if field in _NS:
        return _iri(value, field)
    if field in _DECIMAL:
        try:
            return Literal(Decimal(str(value).replace(",", "")), datatype=XSD.decimal)
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a number") from None
    if field in _BOOL:
        if str(value).lower() not in ("true", "false"):
            raise ValueError(f"{value!r} is not true/false")
        return Literal(str(value).lower() == "true")
    if field == "deadline":
        if not re.fullmatch(r"\d{4}", str(value)):
            raise ValueError(f"{value!r} is not a year")
        return Literal(str(value), datatype=XSD.gYear)
    if field == "action":
        return Literal(str(value), lang="en")
    return Literal(str(value), lang="zh")


_SCHEMES = {"metric": "metrics", "activity": "funded-activities"}


def _new_concept(g: Graph, field: str, labels: dict) -> URIRef:
    """A concept the analyst adds on review: ``{zh: 团体标准, en: group standards}``."""
    from rdflib.namespace import SKOS

    zh, en = str(labels.get("zh", "")).strip(), str(labels.get("en", "")).strip()
    if not zh or not en:
        raise ValueError(f"a new {field} concept needs both zh and en labels, got {labels!r}")
    slug = re.sub(r"[^a-z0-9]+", "-", en.lower()).strip("-")
    if not slug:
        raise ValueError(f"the en label {en!r} gives no IRI")
    node = KG[f"{_NS[field]}/{slug}"]
    g.add((node, RDF.type, SKOS.Concept))
    for lab, lang in ((zh, "zh"), (en, "en")):
        g.add((node, RDFS.label, Literal(lab, lang=lang)))
        g.add((node, SKOS.prefLabel, Literal(lab, lang=lang)))
    g.add((node, SKOS.inScheme, KG[f"scheme/{_SCHEMES[field]}"]))
    g.add((node, RDFS.comment, Literal("Added on review of a drafted document.", lang="en")))
    return node


def _drop(g: Graph, node) -> None:
    for _, _, o in list(g.triples((node, None, None))):
        if isinstance(o, BNode) or (isinstance(o, URIRef) and str(o).startswith(f"{node}/")):
            _drop(g, o)
    g.remove((node, None, None))
    g.remove((None, None, node))


_CJK = re.compile(r"[\u4e00-\u9fff]")
_ROLES = ("lead", "responsible", "cooperating")


def _org_term(value, field: str, org=None) -> URIRef:
    """An organisation IRI (``kg:org/…``), or a name (市质监局) that ``org`` resolves."""
    t = str(value).strip()
    if org is not None and _CJK.search(t) and not t.startswith(("kg:", "http://", "https://")):
        return org(t)
    return _iri(t, field)


def _role_term(value) -> URIRef:
    short = str(value).strip().rsplit("/", 1)[-1]
    if short not in _ROLES:
        raise ValueError(f"role {value!r} is not {', '.join(_ROLES[:-1])} or {_ROLES[-1]}")
    return KG[f"role/{short}"]


def _edit(g: Graph, fact: URIRef, old: dict, new: dict, org=None) -> None:
    """Set the fields ``new`` changes from ``old``; ``org`` resolves agency and funder names."""
    props = dict(FIELDS)
    for field, value in new.items():
        if field in ("assignments", "amount") or value == old.get(field):
            continue
        if field not in props:
            raise ValueError(f"unknown field {field!r}")
        g.remove((fact, props[field], None))
        for v in (value if isinstance(value, list) else [value] if value not in ("", None) else []):
            if isinstance(v, dict) and field in _SCHEMES:
                g.add((fact, props[field], _new_concept(g, field, v)))
            elif field == "funder":
                g.add((fact, props[field], _org_term(v, field, org)))
            else:
                g.add((fact, props[field], _term(field, v)))
        if field == "metric" and value:
            if (fact, RDF.type, KGT.Goal) in g:
                g.add((fact, RDF.type, KGT.Target))
            for c in list(g.objects(fact, RDFS.comment)):      # the extractor's note is settled
                if str(c).startswith("Metric not recognised"):
                    g.remove((fact, RDFS.comment, c))
        if field == "activity" and value:
            for c in list(g.objects(fact, RDFS.comment)):
                if str(c).startswith("Drafted: the funded activity"):
                    g.remove((fact, RDFS.comment, c))
    if "amount" in new and new["amount"] != old.get("amount"):
        for amt in g.objects(fact, KGT.amount):
            from kgtool.rdf.namespaces import SCHEMA

            g.set((amt, SCHEMA.value, _term("amount", new["amount"])))
    if "assignments" in new and new["assignments"] != old.get("assignments"):
        for a in list(g.objects(fact, KGT.assignment)):
            _drop(g, a)
        for i, a in enumerate(new["assignments"] or [], 1):
            if not isinstance(a, dict) or not a.get("agent") or not a.get("role"):
                raise ValueError(f"assignment {i} needs an agent and a role, got {a!r}")
            node = URIRef(f"{fact}/a-{i}")
            g.add((fact, KGT.assignment, node))
            g.add((node, RDF.type, KGT.TaskAssignment))
            g.add((node, KGT.agent, _org_term(a["agent"], "agent", org)))
            g.add((node, KGT.role, _role_term(a["role"])))
            g.add((node, RDFS.label, Literal(f"assignment {i}", lang="en")))
            g.add((node, RDFS.label, Literal(f"分工 {i}", lang="zh")))


def _review_context(g: Graph, doc: URIRef, data_dir):
    """The extraction context of the draft's document for the facts the analyst adds: its
    jurisdiction, the reference data of that jurisdiction, and the organisations already drafted
    (a name drafted before resolves to the same node; a new one is numbered after them)."""
    from kgtool.intake.extract.draft import DraftContext
    from kgtool.intake.extract.jurisdiction import JurisdictionGuess, division
    from kgtool.intake.extract.reference import load_reference
    from kgtool.intake.extract.text import TextView
    from kgtool.intake.textnorm import normalize

    jur = g.value(doc, KGT.jurisdiction)
    d = division(str(jur).rsplit("/", 1)[-1]) if jur is not None else None
    place = JurisdictionGuess(d, "stated", "the draft's jurisdiction") if d is not None else None
    ctx = DraftContext(TextView(""), load_reference(data_dir), str(doc).rsplit("/", 1)[-1], doc, place=place)
    drafted = sorted({o for o in g.all_nodes() if re.fullmatch(re.escape(f"{doc}/org-") + r"\d+", str(o))}, key=str)
    for node in drafted:
        label = next((str(x) for x in g.objects(node, RDFS.label)
                      if getattr(x, "language", None) in ("zh", "zh-Hant")), str(node))
        ctx.new_orgs[normalize(label)] = node
        ctx.new_org_names[normalize(label)] = label
    return ctx


def _amount(written) -> tuple[Decimal, str]:
    """Yuan and the amount as written: ``1000000`` or ``100万元``."""
    text = str(written).strip()
    try:
        return Decimal(text.replace(",", "")), f"{text}元"
    except InvalidOperation:
        pass
    from kgtool.intake.extract.funding import money_value

    value = money_value(text)
    if value is None:
        raise ValueError(f"amount {text!r} is neither a number of yuan nor an amount such as 100万元")
    return value, text


def _doc_lang(g: Graph, doc: URIRef) -> str:
    """The language tag of the draft's Chinese literals: ``zh-Hant`` for a traditional text."""
    return "zh-Hant" if str(g.value(doc, DCTERMS.language) or "") == "zh-Hant" else "zh"


def _add_fact(g: Graph, doc: URIRef, kind: str, quote: str, values: dict, ctx) -> URIRef:
    """Add a fact of ``kind`` (task, target, funding) that no rule drafted, as the extractor
    would have: stated in ``doc``, quoting ``quote``, in the document's jurisdiction."""
    from kgtool.intake.extract.to_rdf import amount_node

    taken = [int(m[1]) for n in g.subjects(KGT.statedIn, doc)
             if (m := re.fullmatch(re.escape(f"{doc}/{kind}-") + r"(\d+)", str(n)))]
    fact = URIRef(f"{doc}/{kind}-{max(taken, default=0) + 1:02d}")
    zh = _doc_lang(g, doc)
    g.add((fact, RDF.type, _ADD_CLASS[kind]))
    g.add((fact, KGT.statedIn, doc))
    g.add((fact, KGT.quote, Literal(quote, lang=zh)))
    if zh == "zh-Hant":
        from kgtool.intake.textnorm import to_simplified

        g.add((fact, KGT.quoteSimplified, Literal(to_simplified(quote), lang="zh")))
    g.add((fact, RDFS.label, Literal(quote if len(quote) <= 40 else quote[:39] + "…", lang=zh)))
    g.add((fact, RDFS.label, Literal(f"{_ADD_EN[kind]} (added on review)", lang="en")))
    jur = g.value(doc, KGT.jurisdiction)
    if kind != "task" and jur is not None and "jurisdiction" not in values:
        g.add((fact, KGT.jurisdiction, jur))
    if kind == "funding":
        value, written = _amount(values["amount"])
        amount_node(g, fact, value, written)
    _edit(g, fact, {}, {k: v for k, v in values.items() if k != "amount"}, org=ctx.org)
    return fact


def _rename(g: Graph, doc: URIRef) -> tuple[Graph, URIRef]:
    slug = str(doc).rsplit("/", 1)[-1]
    base = str(doc)

    def new(node):
        if not isinstance(node, URIRef):
            return node
        s = str(node)
        if s == base:
            return KG[f"doc/{slug}"]
        if s.startswith(base + "/"):
            rest = s[len(base) + 1:]
            m = re.match(r"(org|cited)-(\d+)$", rest)
            if m:
                return KG[f"{'org' if m[1] == 'org' else 'doc'}/{slug}-{rest}"]
            return KG[f"fact/{slug}/{rest}"]
        return node

    def settled(o):
        """The draft's review notes, once the analyst has decided."""
        if isinstance(o, Literal) and o.language == "en":
            if str(o).startswith("Needs review: "):
                return Literal("Accepted on review: " + str(o)[len("Needs review: "):], lang="en")
            if str(o).startswith("Draft of "):
                return Literal("Reviewed draft of " + str(o)[len("Draft of "):], lang="en")
        if isinstance(o, Literal) and o.language == "zh" and str(o).startswith(NEEDS_REVIEW_ZH):
            return Literal("已复核接受：" + str(o)[len(NEEDS_REVIEW_ZH):], lang="zh")
        return o

    out = Graph()
    bind_prefixes(out)
    for s, p, o in g:
        out.add((new(s), p, new(settled(o))))
    return out, KG[f"doc/{slug}"]


def apply_review(review_path: str | os.PathLike, *, known: Graph | None = None,
                 data_dir=None) -> tuple[Graph, URIRef, dict]:
    """Apply a review file to its draft.

    :param known: the project's reference data and documents; edited IRIs must name a node of
        it or of the draft (an unknown IRI is refused, not written).
    :returns: the reviewed graph (permanent IRIs), its document IRI and counts per decision.
    :raises InputError: every problem of the file, in one message (``entry N: field: problem``).
    """
    review_path = Path(review_path)
    content, draft_path = load_review(review_path)
    g = read_draft(draft_path)
    doc = _document(g, draft_path)
    errors: list[str] = []
    counts = {d: 0 for d in DECISIONS}
    originals = {short_iri(i.iri): i for i in review_items(g, data_dir=data_dir)}
    for n, entry in enumerate(content.get("facts") or [], 1):
        if not isinstance(entry, dict) or entry.get("id") not in originals:
            errors.append(f"facts entry {n}: id {entry.get('id') if isinstance(entry, dict) else entry!r} "
                          "is not a fact of the draft")
            continue
        decision = str(entry.get("decision", "")).strip().lower()
        if decision not in DECISIONS:
            errors.append(f"facts entry {n} ({entry['id']}): decision {decision!r} is not accept, reject or edit")
            continue
        counts[decision] += 1
        fact = originals.pop(entry["id"]).iri
        if decision == "reject":
            _drop(g, fact)
        elif decision == "edit":
            try:
                _edit(g, fact, fact_values(g, fact), entry.get("values") or {})
            except (ValueError, KeyError, TypeError) as exc:
                errors.append(f"facts entry {n} ({entry['id']}): {exc}")
    for left in originals:
        errors.append(f"fact {left} has no entry (accept, reject or edit it)")
    counts["add"] = 0
    ctx, before, source = None, set(), None
    for n, entry in enumerate(content.get("add") or [], 1):
        if not isinstance(entry, dict):
            errors.append(f"add entry {n}: {entry!r} is not an entry (kind, quote, decision, values)")
            continue
        decision = str(entry.get("decision") or "skip").strip().lower()
        if decision not in ADD_DECISIONS:
            errors.append(f"add entry {n}: decision {decision!r} is not add or skip")
            continue
        if decision == "skip":
            continue
        kind, quote = entry.get("kind"), " ".join(str(entry.get("quote") or "").split())
        if kind not in ADD_REQUIRED:
            errors.append(f"add entry {n}: kind {kind!r} is not {', '.join(ADD_REQUIRED)}")
            continue
        values = {k: v for k, v in (entry.get("values") or {}).items() if v not in ("", None, [], {})}
        missing = [f for f in ADD_REQUIRED[kind] if f not in values]
        if kind == "target" and "value" not in values and not {"min", "max"} <= set(values):
            missing.append("value (or min and max)")
        if not quote:
            missing.insert(0, "quote")
        if missing:
            errors.append(f"add entry {n} ({kind}): needs {', '.join(missing)}")
            continue
        source = source or _source_key(draft_path)
        if source[0] is None:
            errors.append(f"add entry {n} ({kind}): the quote cannot be checked: {source[1]}")
            continue
        if _quote_key(quote) not in source[0]:
            errors.append(f"add entry {n} ({kind}): the quote {quote[:40]!r} is not in the source text {source[1]}")
            continue
        if ctx is None:
            ctx = _review_context(g, doc, data_dir)
            before = set(ctx.new_orgs)
        try:
            _add_fact(g, doc, kind, quote, values, ctx)
            counts["add"] += 1
        except (ValueError, KeyError, TypeError) as exc:
            errors.append(f"add entry {n} ({kind}): {exc}")
    if ctx is not None:
        from kgtool.intake.extract.to_rdf import add_drafted_org

        for key in set(ctx.new_orgs) - before:      # organisations named only by added facts
            add_drafted_org(g, ctx, key, _doc_lang(g, doc))
    for n, entry in enumerate(content.get("organisations") or [], 1):
        decision = str((entry or {}).get("decision", "")).strip().lower()
        org = _iri(entry.get("id", ""), "agent") if isinstance(entry, dict) else None
        if decision == "replace":
            target = _iri(entry.get("replace_with") or "", "agent")
            if known is not None and (target, None, None) not in known:
                errors.append(f"organisations entry {n}: replace_with {entry.get('replace_with')!r} "
                              "is not an organisation of the project's data")
                continue
            for s, p, _ in list(g.triples((None, None, org))):
                g.remove((s, p, org))
                g.add((s, p, target))
            _drop(g, org)
        elif decision != "accept":
            errors.append(f"organisations entry {n}: decision {decision!r} is not accept or replace")
    # drafted organisations nothing refers to any more
    for org in {o for o in g.subjects() if str(o).startswith(f"{doc}/org-")}:
        if not any(True for _ in g.triples((None, None, org))):
            _drop(g, org)
    if known is not None:
        for s, p, o in g:
            if isinstance(o, URIRef) and str(o).startswith(str(KG)) and p != RDF.type \
                    and (o, None, None) not in g and (o, None, None) not in known:
                errors.append(f"{short_iri(s)} {short_iri(p).split('#')[-1]}: {short_iri(o)} is "
                              "defined neither in the draft nor in the project's data")
    if errors:
        raise InputError("; ".join(sorted(set(errors), key=errors.index)), path=str(review_path))
    out, new_doc = _rename(g, doc)
    return out, new_doc, counts
