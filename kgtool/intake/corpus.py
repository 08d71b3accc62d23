"""Extraction quality on the annotated development corpus (issue #16).

The corpus directory (``tests/extract_corpus/``) holds ``NNN.txt`` (a first line
``# source: <URL>``, then a short excerpt of a public policy text), ``NNN.gold.yaml`` (the
analyst's annotation: ``targets``, ``funding``, ``tasks``; see the corpus README) and
``SPLIT`` (``NNN dev`` / ``NNN test`` lines, fixed before tuning). :func:`evaluate_corpus` runs
the extractor over one part and scores it per kind, one-to-one (as many pairs as match, :func:`~kgtool.intake.evaluate.one_to_one`):

- targets: value (or min and max) and deadline equal, and the gold quote inside the drafted
  quote (both normalised);
- funding items: amount (CNY) equal and the gold quote inside the drafted quote;
- task assignments: agency (the name as written, or any label of the resolved organisation),
  role equal, and the gold task text inside the drafted task quote.

Matched pairs are also checked attribute by attribute (unit, comparator, aspirational, stock
vs increment; funding cap, tier and jurisdiction), reported as agreement counts.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from kgtool.errors import InputError
from kgtool.intake.evaluate import EvalReport, KindScore, one_to_one
from kgtool.intake.extract.jurisdiction import division_named
from kgtool.intake.textnorm import normalize

__all__ = ["CorpusText", "load_corpus", "read_gold", "target_values", "decimal_or_none", "evaluate_corpus",
           "PARTS"]

PARTS = ("dev", "test")
_KINDS = {"targets": ("quote",), "funding": ("quote", "amount"), "tasks": ("task", "agency", "role")}
_ROLES = ("lead", "responsible", "cooperating")
_FIELDS = {"targets": {"quote", "metric", "value", "min", "max", "unit", "deadline", "comparator",
                       "aspirational", "kind", "per_year"},
           "funding": {"quote", "amount", "activity", "tier", "cap", "scope", "funder", "jurisdiction"},
           "tasks": {"task", "agency", "role"}}


@dataclass
class CorpusText:
    """One annotated excerpt: its id, part, source address, text and gold annotation."""

    id: str
    part: str
    source: str
    text: str
    gold: dict = field(default_factory=dict)


def _num(x, where: str) -> Decimal:
    try:
        return Decimal(str(x)).normalize()
    except (InvalidOperation, ValueError):
        raise InputError(f"not a number: {x!r}", path=where) from None


def read_gold(path: Path, norm_text: str) -> dict:
    """One gold file, checked against its text (normalised): every quote in it, every field
    known, roles and values well formed.

    :raises InputError: a malformed file, naming it and the item.
    """
    import yaml

    try:
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(f"bad YAML: {getattr(exc, 'problem', exc)}", path=str(path),
                         line=mark.line + 1 if mark else None) from None
    if not isinstance(gold, dict):
        raise InputError("gold file is not a mapping", path=str(path))
    for kind, required in _KINDS.items():
        items = gold.get(kind) or []
        if not isinstance(items, list):
            raise InputError(f"{kind}: expected a list", path=str(path))
        for i, item in enumerate(items, 1):
            where = f"{path} {kind}[{i}]"
            if not isinstance(item, dict):
                raise InputError("expected a mapping", path=where)
            unknown = sorted(str(k) for k in item if k not in _FIELDS[kind])
            if unknown:   # e.g. an unquoted comma inside a flow mapping split a quote
                raise InputError(f"unknown field(s) {', '.join(unknown)}", path=where)
            missing = [k for k in required if item.get(k) in (None, "")]
            if missing:
                raise InputError(f"missing {', '.join(missing)}", path=where)
            key = "task" if kind == "tasks" else "quote"
            if normalize(str(item[key])) not in norm_text:
                raise InputError(f"{key} not in the text: {item[key]}", path=where)
            if kind == "tasks" and item["role"] not in _ROLES:
                raise InputError(f"role must be one of {', '.join(_ROLES)}", path=where)
            if kind == "targets" and item.get("value") is None and (
                    item.get("min") is None or item.get("max") is None):
                raise InputError("a target needs value, or min and max", path=where)
        gold[kind] = items
    return gold


def load_corpus(corpus_dir: str | os.PathLike, part: str | None = None) -> list[CorpusText]:
    """Read the annotated corpus (all texts, or those of ``part``), checking every gold file.

    :raises InputError: missing SPLIT, text or gold file, a bad line, or a gold quote that is
        not in its text.
    """
    root = Path(corpus_dir)
    split_file = root / "SPLIT"
    if not split_file.is_file():
        raise InputError("no SPLIT file", path=str(root))
    out = []
    for n, line in enumerate(split_file.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        m = re.fullmatch(r"(\d{3})\s+(dev|test)", line)
        if not m:
            raise InputError(f"expected 'NNN dev' or 'NNN test', got {line!r}", path=str(split_file),
                             line=n)
        if part and m[2] != part:
            continue
        txt = root / f"{m[1]}.txt"
        if not txt.is_file():
            raise InputError("text listed in SPLIT not found", path=str(txt))
        raw = txt.read_text(encoding="utf-8")
        head, _, body = raw.partition("\n")
        if not head.startswith("# source: "):
            raise InputError("first line must be '# source: <URL>'", path=str(txt), line=1)
        gold = read_gold(root / f"{m[1]}.gold.yaml", normalize(body))
        out.append(CorpusText(m[1], m[2], head[len("# source: "):].strip(), body, gold))
    if not out:
        raise InputError(f"no texts in part {part!r}" if part else "empty SPLIT", path=str(split_file))
    return out


# ------------------------------------------------------------------------------ scoring
def _inside(gold_quote: str, drafted_quote: str) -> bool:
    return normalize(gold_quote) in normalize(drafted_quote)


def decimal_or_none(v):
    """``v`` as a normalised Decimal (None stays None)."""
    return None if v is None else Decimal(str(v)).normalize()


def _target_rows(draft) -> list[dict]:
    rows = []
    for f in draft.facts:
        if f.kind not in ("target", "goal"):
            continue
        v = f.values
        vals = (decimal_or_none(v.get("value")), decimal_or_none(v.get("min")), decimal_or_none(v.get("max")))
        if vals == (None, None, None):
            continue
        rows.append({"vals": vals, "deadline": None if v.get("deadline") is None else int(v["deadline"]),
                     "quote": f.quote, "fact": f})
    return rows


def target_values(g) -> tuple:
    """A gold target's (value, min, max) as Decimals."""
    return (decimal_or_none(g.get("value")), decimal_or_none(g.get("min")), decimal_or_none(g.get("max")))


def _target_score(d, g) -> float:
    if d["vals"] != target_values(g) or d["deadline"] != g.get("deadline"):
        return 0.0
    if not _inside(g["quote"], d["quote"]):
        return 0.0
    return 1.0 + 1.0 / (1 + len(d["quote"]))


def _funding_rows(draft) -> list[dict]:
    return [{"amount": decimal_or_none(f.values["amount"]), "quote": f.quote, "fact": f}
            for f in draft.facts if f.kind == "funding" and f.values.get("amount") is not None]


def _funding_score(d, g) -> float:
    if d["amount"] != decimal_or_none(g["amount"]) or not _inside(g["quote"], d["quote"]):
        return 0.0
    return 1.0 + 1.0 / (1 + len(d["quote"]))


def _agent_names(draft, ref, org) -> set[str]:
    from rdflib.namespace import RDFS

    names = {normalize(str(lab)) for lab in draft.graph.objects(org, RDFS.label)
             if getattr(lab, "language", None) == "zh"}
    names |= {k for k, orgs in ref.orgs.items() if org in orgs}
    return names


def _task_rows(draft, ref) -> list[dict]:
    rows = []
    role_of = {"lead": "lead", "responsible": "responsible", "cooperating": "cooperating"}
    for f in draft.facts:
        if f.kind != "task":
            continue
        written = dict(f.values.get("agentNames", ()))   # org IRI -> name as written
        for org, role in f.values.get("assignments", ()):
            names = _agent_names(draft, ref, org)
            if org in written:
                names.add(normalize(written[org]))
            rows.append({"names": names, "role": role_of.get(str(role).rsplit("/", 1)[-1], str(role)),
                         "quote": f.quote, "fact": f})
    return rows


def _task_score(d, g) -> float:
    if d["role"] != g["role"] or normalize(g["agency"]) not in d["names"]:
        return 0.0
    return 1.0 if _inside(g["task"], d["quote"]) else 0.0


_TARGET_ATTRS = ("unit", "comparator", "aspirational", "kind")
_FUNDING_ATTRS = ("level", "cap", "tier", "jurisdiction", "funder")
_LEVEL_RE = re.compile(r"国际|国家|行业|地方|团体|企业|秘书处")


def _level(activity) -> str | None:
    m = _LEVEL_RE.search(normalize(activity or ""))
    return m.group() if m else None


def _agree(report: EvalReport, kind: str, pairs, attrs, drafted_value) -> None:
    for d, g in pairs:
        for a in attrs:
            want = _level(g.get("activity")) if a == "level" else g.get(a)
            if (a not in g and a != "level") or want is None:     # funder: null — the text names none
                continue
            if a == "tier":
                want = normalize(want)
            key = f"{kind}.{a}"
            ok, total = report.agreement.get(key, (0, 0))
            got = drafted_value(d["fact"], a)
            if a == "funder":           # 增城区财政 names the body labelled 增城区财政局
                same = any(normalize(want) in n or n in normalize(want) for n in got)
            elif a == "jurisdiction" and got:   # 密云县 names 密云区 (kg:jur/110118), by its code
                named = division_named(want)
                same = any(n == normalize(want) or n.endswith(normalize(want)) for n in got) or \
                    (named is not None and f"code:{named.code}" in got)
            else:                       # a set: the names of a drafted place
                same = any(n == normalize(want) or n.endswith(normalize(want)) for n in got) \
                    if isinstance(got, set) else got == want
            report.agreement[key] = (ok + same, total + 1)


def _target_attr(f, a):
    v = f.values
    if a == "unit":                     # an index value (指数达到83) has no measure word
        return None if v.get("noMeasureWord") else v.get("unitText")
    if a == "comparator":
        return v.get("comparator")
    if a == "aspirational":
        return bool(v.get("aspirational"))
    return {"rate": "rate", "stock": "stock"}.get(v.get("qkind"), "increment")


def _funding_attr(f, a):
    v = f.values
    if a == "level":
        return _level(v.get("activity") or v.get("recipient"))
    if a == "cap":
        return bool(v.get("cap"))
    if a == "tier":
        return normalize(v.get("tier") or "") or None
    raise KeyError(a)           # jurisdiction: as the graph gives it, _funding_attr_in_graph


def _funding_attr_in_graph(draft, ref):
    """:func:`_funding_attr`, with the jurisdiction the draft graph gives the item (its own place
    in a compilation, else the document's): the gold's name when it is that place's label or
    its tail (苏州市 of 江苏省苏州市), else the label."""
    from rdflib.namespace import RDFS

    from kgtool.rdf.namespaces import KGT

    def labels(node) -> set[str]:
        names = {normalize(str(x)) for x in draft.graph.objects(node, RDFS.label)
                 if getattr(x, "language", None) in ("zh", "zh-Hant")} | {normalize(ref.label(node) or "")}
        names.discard("")
        return names

    def attr(f, a):
        if a == "funder":       # the names of the paying bodies (empty: none drafted)
            return {n for org in draft.graph.objects(f.iri, KGT.funder) for n in labels(org)}
        if a != "jurisdiction":
            return _funding_attr(f, a)
        jur = draft.graph.value(f.iri, KGT.jurisdiction)
        return None if jur is None else labels(jur) | {f"code:{str(jur).rsplit('/', 1)[-1]}"}
    return attr


def _near_misses(report: EvalReport, kind: str, drafted: list, gold: list) -> None:
    """Count the unmatched drafted and curated facts that one field keeps apart: a target whose
    deadline differs, an assignment whose role or whose task text differs (one pair each)."""
    relaxed = {"targets": {"deadline": lambda d, g: _target_score({**d, "deadline": g.get("deadline")}, g)},
               "task assignments": {
                   "role": lambda d, g: _task_score({**d, "role": g["role"]}, g),
                   "task text": lambda d, g: float(d["role"] == g["role"] and normalize(g["agency"]) in d["names"])}}
    for field_name, score in relaxed.get(kind, {}).items():
        n = len(one_to_one(drafted, gold, score))
        key = f"{kind}: {field_name}"
        report.near[key] = report.near.get(key, 0) + n


def _jurisdiction_verdict(draft, gold_name) -> str:
    """How the draft's document jurisdiction compares with the gold's (a name, read as the
    division it names; 中国, 全国 or 国家 for the country; null when the excerpt does not say):
    ``right``; ``coarser`` (a division that contains the gold's), ``finer`` (one inside it),
    ``wrong`` (another), ``none`` (no place drafted); ``unsaid, none`` or ``unsaid, drafted``."""
    from kgtool.intake.extract.jurisdiction import COUNTRY, lineage, place_in
    from kgtool.rdf.namespaces import KGT

    doc = next(draft.graph.subjects(KGT.sourceFile, None))
    jur = draft.graph.value(doc, KGT.jurisdiction)
    if not gold_name:
        return "unsaid, none" if jur is None else "unsaid, drafted"
    if jur is None:
        return "none"
    name = normalize(str(gold_name))
    want = COUNTRY if name in ("中国", "全国", "国家") else getattr(place_in(name), "code", None)
    got = str(jur).rsplit("/", 1)[-1]
    if want is None:
        return "wrong"
    if got == want:
        return "right"
    if got in {d.code for d in lineage(want)}:
        return "coarser"
    return "finer" if want in {d.code for d in lineage(got)} else "wrong"


_LISTED_KIND = {"targets": "target", "funding items": "funding", "task assignments": "task"}


def _listed_lines(text: str, undrafted) -> list[tuple[str, str]]:
    """(kind, the normalised lines) around each sentence the draft lists as not drafted: its own
    lines and two on each side (a task's 牵头单位: line sits under the item it assigns). A missed
    fact there is one the analyst was pointed to."""
    lines = text.split("\n")
    return [(u.kind, normalize("\n".join(lines[max(0, u.line - 3):u.line + u.text.count("\n") + 2])))
            for u in undrafted]


def evaluate_corpus(corpus_dir: str | os.PathLike, part: str,
                    data_dir: str | os.PathLike | None = None, *, only=None) -> EvalReport:
    """Run the extractor over one part (``dev`` or ``test``) and score it against the gold files;
    ``only`` (a predicate on text ids) restricts the texts scored, e.g. to one batch.

    :returns: an :class:`EvalReport` with precision and recall per kind (targets, funding
        items, task assignments), attribute agreement on matched pairs, the misses, how many
        misses lie within two lines of a sentence the draft lists as not drafted
        (:mod:`kgtool.intake.extract.coverage`), and the precision of the drafted facts by the
        confidence ``kgtool review`` gives them.
    :raises InputError: ``part`` is not dev or test, or the corpus is malformed.
    """
    from kgtool.intake.extract import extract_document, load_reference
    from kgtool.intake.extract.coverage import undrafted_sentences
    from kgtool.intake.extract.review import review_items

    if part not in PARTS:
        raise InputError(f"part must be one of {', '.join(PARTS)}, got {part!r}")
    texts = [t for t in load_corpus(corpus_dir, part) if only is None or only(t.id)]
    if not texts:
        raise InputError(f"no texts of part {part!r} among the ids asked for", path=str(corpus_dir))
    ref = load_reference(data_dir)
    report = EvalReport(scores={k: KindScore(k) for k in ("targets", "funding items", "task assignments")})
    for t in texts:
        report.documents.append(t.id)
        draft = extract_document(t.text, source_name=f"{t.id}.txt", data_dir=data_dir)
        report.jurisdiction[_jurisdiction_verdict(draft, t.gold.get("jurisdiction"))] += 1
        undrafted = undrafted_sentences(draft)
        confidence = {i.iri: i.confidence for i in review_items(draft.graph, data_dir=data_dir)}
        report.undrafted += len(undrafted)
        listed = _listed_lines(t.text, undrafted)
        for kind, rows, gold, score, attrs, getter, label in (
                ("targets", _target_rows(draft), t.gold["targets"], _target_score, _TARGET_ATTRS,
                 _target_attr, "quote"),
                ("funding items", _funding_rows(draft), t.gold["funding"], _funding_score,
                 _FUNDING_ATTRS, _funding_attr_in_graph(draft, ref), "quote"),
                ("task assignments", _task_rows(draft, ref), t.gold["tasks"], _task_score, (),
                 None, "agency")):
            pairs = one_to_one(rows, gold, score)
            sc = report.scores[kind]
            sc.drafted += len(rows)
            sc.curated += len(gold)
            sc.matched += len(pairs)
            if attrs:
                _agree(report, kind.split()[0], pairs, attrs, getter)
            hit = {id(g) for _, g in pairs}
            used = {id(d) for d, _ in pairs}
            for d in rows:          # is the review's confidence a guide to what is wrong?
                cell = report.by_confidence.setdefault((kind, confidence.get(d["fact"].iri, "high")), [0, 0])
                cell[0] += 1
                cell[1] += id(d) in used
            _near_misses(report, kind, [d for d in rows if id(d) not in used],
                         [g for g in gold if id(g) not in hit])
            report.misses += [f"{t.id}: missed {kind}: {g[label]}" for g in gold if id(g) not in hit]
            sc.listed += sum(1 for g in gold if id(g) not in hit and any(
                normalize(g["task" if kind == "task assignments" else "quote"]) in lines
                for k, lines in listed if k == _LISTED_KIND[kind]))
            report.misses += [f"{t.id}: extra {kind}: {d['quote'][:40]}" for d in rows
                              if id(d) not in used]
    return report
