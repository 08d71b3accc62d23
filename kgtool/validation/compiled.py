"""SHACL validation that scales: the project's shapes compiled to SPARQL
(:mod:`kgtool.validation.shape_compiler`), run on Oxigraph.

:func:`kgtool.validation.pyshacl_validator.validate_graph` (pySHACL) is the reference it must agree with
(``tests/test_fastvalidate.py`` compares both on the real data, every mutation case of
``tests/shapes/``, a synthetic corpus, and OxigraphStores read each way :class:`_DataView`
offers).

- The queries run over the data graphs plus ``kgg:ontology`` as one default graph — the
  store's own default graph whenever it holds exactly that union (never a list of named
  graphs, which Oxigraph evaluates graph by graph); see :class:`_DataView`.
- ``sh:datatype`` also rejects ill-typed literals (``"abc"^^xsd:integer``): Oxigraph keeps them
  verbatim, a cast to the datatype fails on them; every candidate is re-checked in Python with
  rdflib's ``ill_typed`` and pySHACL's rule. Known gap: a literal Oxigraph accepts but rdflib
  calls ill-typed (none known for the types used here) would not be reported.
- SPARQL-based constraints (§5, ``sh:select``): the query runs once over the whole graph with
  ``$this`` unbound and each row is bound to its ``$this``; the compiler allows this only where
  it equals pre-binding (:mod:`kgtool.validation.shape_compiler`), other constraints run on pySHACL;
  messages get pySHACL's ``{?var}`` substitution.
- Lexical forms XSD forbids but rdflib accepts are reported as validate_graph does
  (:mod:`kgtool.rdf.lexical`); provenance (quote, document, 文号) is read from the data graphs
  with one index lookup per step and focus node.
- Shapes the compiler leaves alone (:attr:`FastPlan.fallback`), and lexical-form-dependent
  shapes reading a predicate whose literals Oxigraph rewrote (:func:`kgtool.validation.delegation.lexically_exposed`),
  run on pySHACL over the data as written; their results, and those of their property
  shapes, are merged into the report.
- On an OxigraphStore filled straight by Oxigraph (the native build) literals are what
  Oxigraph stores: canonical forms, and ``xsd:byte`` … as ``xsd:integer`` — a shape checking
  ``sh:datatype xsd:byte`` (or another integer subtype) is refused there.

Oxigraph's canonical literal forms (``"804.0"`` → ``"804"``) are undone through
:attr:`kgtool.stores.oxigraph.OxigraphStore.restore`, so reported values keep their lexical form.
"""
from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from itertools import count

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from kgtool.rdf.lexical import (CHECKED_DATATYPES, LEXICAL_SHAPE, invalid_lexical_forms, is_valid_lexical,
                      messages)
from kgtool.errors import InputError
from kgtool.rdf.namespaces import GRAPH_ONTOLOGY, GRAPH_SHAPES, KGG, KGT, SH
from kgtool.stores.oxigraph import OxigraphStore, term_key, from_ox, to_ox
from kgtool.validation.shape_compiler import FastPlan, compile_shapes
from kgtool.validation.delegation import lexically_exposed, refuse_lost_datatypes, run_delegated
from kgtool.validation.pyshacl_validator import (EXCLUDED_GRAPHS, SEVERITIES, ValidationReport, ValidationResult,
                       pick_messages, severity_of, conforms_of, load_shapes)

__all__ = ["validate_fast", "compile_shapes", "FastPlan"]

_DATA_GRAPH = KGG["validation-data"]
_TMP_ONTOLOGY = KGG["validation-ontology"]


# ------------------------------------------------------------------------------- running
def _well_typed(value: Node, dtype: URIRef) -> bool:
    """pySHACL's sh:datatype rule (``DatatypeConstraintComponent``) for one value node."""
    from datetime import date, datetime, time
    from decimal import Decimal

    if not isinstance(value, Literal):
        return False
    kinds = {XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int,
             XSD.float: float, XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date,
             XSD.time: time, XSD.dateTime: datetime}

    def actual() -> bool:
        want = kinds.get(dtype)
        return True if want is None else isinstance(value.value, want)

    if value.datatype == dtype:
        return getattr(value, "ill_typed", None) is not True and actual()
    if dtype == RDFS.Literal:
        return True
    if dtype == RDFS.Datatype and value.datatype:
        return True
    if value.datatype is None and value.language is None and dtype == XSD.string:
        return actual()
    if dtype == RDF.langString and value.language:
        return actual()
    return False


def _store_for(data, ontology: Graph | None) -> tuple[OxigraphStore, list[URIRef], Graph | None]:
    """An Oxigraph store, the names of its data graphs, and the default shapes if any.

    A store built here holds only data and ontology, each triple also in its default graph."""
    from kgtool.rdf.graph import KnowledgeGraph

    if isinstance(data, OxigraphStore):
        names = [n for n in data.graph_names() if n not in EXCLUDED_GRAPHS and n != _TMP_ONTOLOGY]
        return data, names, None
    store = OxigraphStore()
    shapes = None
    if isinstance(data, KnowledgeGraph):
        names = [n for n in data.graph_names() if n not in EXCLUDED_GRAPHS]
        store.add_quads(data.quads(names + ([GRAPH_ONTOLOGY] if ontology is None else [])))
        shapes = data.shapes if len(data.shapes) else None
    elif isinstance(data, Dataset):
        names = set()
        quads = []
        for s, p, o, g in data.quads((None, None, None, None)):
            gid = getattr(g, "identifier", g)
            if gid is None or gid == data.default_graph.identifier:
                gid = _DATA_GRAPH
            if gid in EXCLUDED_GRAPHS and gid != GRAPH_ONTOLOGY:
                continue
            if gid != GRAPH_ONTOLOGY:
                names.add(gid)
            elif ontology is not None:
                continue
            quads.append((s, p, o, gid))
        store.add_quads(quads)
        names = sorted(names, key=str)
        sg = data.graph(GRAPH_SHAPES)
        shapes = sg if len(sg) else None
    elif isinstance(data, Graph):
        store.add_quads((s, p, o, _DATA_GRAPH) for s, p, o in data)
        names = [_DATA_GRAPH]
    else:
        raise InputError(f"cannot validate a {type(data).__name__}; expected a KnowledgeGraph, "
                         "OxigraphStore, rdflib Graph or Dataset")
    if ontology is not None:
        store.add_quads((s, p, o, GRAPH_ONTOLOGY) for s, p, o in ontology)
    return store, names, shapes


class _DataView:
    """Where the violation queries run: a dataset whose default graph is the data graphs
    plus ``kgg:ontology`` (what pySHACL validates, with its ``ont_graph`` mixed in).

    Oxigraph evaluates a default graph given as a list of named graphs one graph at a time
    (~20x slower with 70 graphs, worse with more), so the list is avoided:

    - ``"default"``: the store's own default graph already is that union: a store built by
      :func:`_store_for`, the caller says so (``union_is_asserted``), or every named graph is
      data or ontology and the default graph is not empty (an OxigraphStore keeps its default
      graph the set union of its named graphs);
    - ``"union"``: every named graph is data or ontology but the default graph is empty (a
      store filled with named graphs only), so Oxigraph's ``use_default_graph_as_union`` is
      that union (as a bag: a triple stated in two graphs matches twice; rows are
      de-duplicated into results, and a ``sh:select`` with an aggregate runs over the exact
      list instead);
    - ``"copy"``: other graphs (``kgg:inferred`` …) exist, so the data and ontology quads are
      copied into a scratch in-memory store queried as ``"union"``.
    """

    _AGGREGATE = re.compile(r"\b(COUNT|SUM|AVG|MIN|MAX|SAMPLE|GROUP_CONCAT)\s*\(", re.IGNORECASE)

    def __init__(self, store: OxigraphStore, graphs: list[URIRef], mode: str) -> None:
        self.store, self.graphs, self.mode = store, graphs, mode
        self.ox = store.store
        self._classes: dict[str, list[str] | None] = {}
        if mode == "copy":
            self.ox = ox.Store()
            for g in graphs:
                self.ox.bulk_extend(store.store.quads_for_pattern(None, None, None, to_ox(g)))

    @classmethod
    def choose(cls, store: OxigraphStore, graphs: list[URIRef], *, default_is_union: bool):
        if default_is_union:
            return cls(store, graphs, "default")
        wanted = {to_ox(g) for g in graphs}
        if any(g not in wanted for g in store.store.named_graphs()):
            return cls(store, graphs, "copy")
        if next(iter(store.store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None):
            return cls(store, graphs, "default")  # the union OxigraphStore keeps
        return cls(store, graphs, "union")

    #: ``?x rdf:type/rdfs:subClassOf* <C>`` as the compiler writes it
    _TYPE_PATH = re.compile(re.escape(f"<{RDF.type}>/<{RDFS.subClassOf}>*") + r" (<[^<>\s]+>)")
    #: ``?x rdf:type/rdfs:subClassOf* ?_target . VALUES ?_target { <C1> <C2> }``
    _TYPE_SET_PATH = re.compile(re.escape(f"<{RDF.type}>/<{RDFS.subClassOf}>*")
                                + r" \?_target \. VALUES \?_target \{ ((?:<[^<>\s]+> ?)+) \}")

    def subclasses(self, cls: str) -> list[str] | None:
        """``cls`` (``<iri>``) and every class ``rdfs:subClassOf*`` it in this view, as SPARQL
        terms; None when a blank node is among them (then the path stays)."""
        if cls not in self._classes:
            rows = self._run(f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS.subClassOf}>+ {cls} }}")
            subs = [r["c"] for r in rows]
            self._classes[cls] = None if any(not isinstance(c, ox.NamedNode) for c in subs) \
                else sorted({cls, *(f"<{c.value}>" for c in subs)})
        return self._classes[cls]

    def specialise(self, text: str) -> str:
        """``text`` with each ``?x rdf:type/rdfs:subClassOf* <C>`` written as ``?x rdf:type
        ?c VALUES ?c { <C> <sub-classes of C> }``, the class hierarchy of this view read once:
        the same matches, and Oxigraph joins it 2-5x faster than it walks the path per node."""
        fresh = count()

        def values(m: re.Match) -> str:
            subs = self.subclasses(m.group(1))
            if subs is None:
                return m.group(0)
            var = f"?_class{next(fresh)}"
            return f"<{RDF.type}> {var} . VALUES {var} {{ {' '.join(subs)} }}"

        def values_of_set(m: re.Match) -> str:
            sets = [self.subclasses(c) for c in m.group(1).split()]
            if any(x is None for x in sets):
                return m.group(0)
            var = f"?_class{next(fresh)}"
            return f"<{RDF.type}> {var} . VALUES {var} {{ {' '.join(sorted(set().union(*sets)))} }}"

        return self._TYPE_PATH.sub(values, self._TYPE_SET_PATH.sub(values_of_set, text))

    def query(self, text: str, exact_bag: bool = False):
        """pyoxigraph's result of ``text`` over the data + ontology (class-membership paths
        specialised, :meth:`specialise`)."""
        return self._run(self.specialise(text), exact_bag)

    def run_all(self, queries: list[tuple[str, bool]]) -> list[tuple[list, list]]:
        """(variables, solutions) of each ``(text, exact_bag)``, in order, on one thread per
        core: Oxigraph evaluates without holding the GIL, so two cores halve the wall time."""
        texts = [(self.specialise(t), bag) for t, bag in queries]  # the class sets, read once

        def run(item):
            # pyoxigraph's solutions must be freed on the thread that made them ("unsendable"):
            # dropped here, also when reading them raises (the traceback would carry them)
            result = self._run(*item)
            try:
                return list(result.variables), list(result)
            finally:
                del result

        workers = min(len(texts), os.cpu_count() or 1) or 1
        if workers == 1:
            return [run(t) for t in texts]
        with ThreadPoolExecutor(workers) as pool:
            return list(pool.map(run, texts))

    def _run(self, text: str, exact_bag: bool = False):
        if self.mode == "default":
            return self.ox.query(text, default_graph=ox.DefaultGraph())
        if exact_bag and self._AGGREGATE.search(text):
            return self.ox.query(text, default_graph=[to_ox(g) for g in self.graphs])
        return self.ox.query(text, use_default_graph_as_union=True)


class _Provenance:
    """(quote, document, doc number) of focus nodes as :func:`kgtool.validation.report._provenance`
    computes them over the data graphs (the ontology excluded), one index lookup per step."""

    def __init__(self, store: OxigraphStore, data_graphs: list[URIRef]) -> None:
        self.store = store
        self.graphs = {to_ox(g) for g in data_graphs}
        self.cache: dict[Node, tuple] = {}

    def _objs(self, s, p) -> list:
        if isinstance(s, Literal):
            return []
        found = {q.object for q in self.store.store.quads_for_pattern(to_ox(s), to_ox(p), None, None)
                 if q.graph_name in self.graphs}
        return sorted((from_ox(o, self.store.restore) for o in found), key=str)

    def _subjs(self, p, o) -> list:
        found = {q.subject for q in self.store.store.quads_for_pattern(None, to_ox(p), to_ox(o), None)
                 if q.graph_name in self.graphs}
        return sorted((from_ox(x) for x in found), key=str)

    def __call__(self, focus: Node) -> tuple:
        if focus not in self.cache:
            self.cache[focus] = self._compute(focus)
        return self.cache[focus]

    def _compute(self, focus: Node) -> tuple:
        from kgtool.validation.report import OWNER_PREDICATES

        fact = focus
        quotes = self._objs(focus, KGT.quote)
        quote = quotes[0] if quotes else None
        if quote is None:
            for pred in OWNER_PREDICATES:
                owners = self._subjs(pred, focus)
                if owners:
                    fact = owners[0]
                    q2 = self._objs(fact, KGT.quote)
                    quote = q2[0] if q2 else None
                    break
        docs = self._objs(fact, KGT.statedIn)
        doc = docs[0] if docs else None
        if doc is None and self._objs(focus, KGT.docNumber):
            doc = focus
        numbers = self._objs(doc, KGT.docNumber) if doc is not None else []
        return (None if quote is None else str(quote), doc if isinstance(doc, URIRef) else None,
                str(numbers[0]) if numbers else None)


def _generic_messages(q) -> list[Literal]:
    """Messages of a result whose shape has no ``sh:message`` (pySHACL words its own)."""
    name = str(q.component).rsplit("#", 1)[-1] if q.component is not None else "constraint"
    return [Literal(f"Value does not satisfy sh:{name} of the shape", lang="en"),
            Literal(f"值不满足形状的 sh:{name} 约束", lang="zh")]


def _substitute(msg: str, values: dict) -> str:
    for var, val in values.items():
        msg = re.sub("{{[?$]{}}}".format(var), str(val), msg)
    return msg


#: the distinct literals of the checked datatypes (BIND first: Oxigraph evaluates
#: DATATYPE() IN (...) 4x faster on a bound variable)
_TYPED_LITERALS = ("SELECT DISTINCT ?o WHERE { ?s ?p ?o BIND(DATATYPE(?o) AS ?dt) FILTER(?dt IN ("
                   + ", ".join(f"<{dt}>" for dt in CHECKED_DATATYPES) + ")) }")


def _invalid_lexical_forms(rows: list, store: OxigraphStore, names: list[URIRef]) -> list:
    """Triples of the data graphs whose literal has a lexical form XSD forbids but rdflib
    accepts (:func:`kgtool.rdf.lexical.invalid_lexical_forms`), reported as validate_graph does.

    ``rows``: the answer of :data:`_TYPED_LITERALS`: only the distinct literals of the checked
    datatypes leave Oxigraph (a few thousand at 10⁶ triples); the triples of the few offenders
    are then looked up, and kept when a data graph (not only the ontology) states them."""
    offenders = []
    for r in rows:
        o = r["o"]
        lit = store.restore.get(term_key(o)) if store.restore else None
        if lit is None:
            lit = from_ox(o)
        if invalid_lexical_forms([(None, None, lit)]):
            offenders.append((o, lit))
    data = {to_ox(g) for g in names}
    found: dict[tuple, None] = {}
    for o, lit in offenders:
        for q in store.store.quads_for_pattern(None, None, o, None):
            if q.graph_name in data:
                found[(from_ox(q.subject), from_ox(q.predicate), lit)] = None
    return list(found)


def validate_fast(data, *, shapes: Graph | None = None, ontology: Graph | None = None,
                  plan: FastPlan | None = None, focus_nodes: set | None = None,
                  fallback_data: Graph | None = None,
                  union_is_asserted: bool = False) -> ValidationReport:
    """Validate like :func:`kgtool.validation.pyshacl_validator.validate_graph`, with the shapes run as SPARQL on
    Oxigraph.

    :param data: a :class:`~kgtool.rdf.graph.KnowledgeGraph` (its asserted graphs), an
        :class:`~kgtool.stores.oxigraph.OxigraphStore` (every named graph except ``kgg:inferred``,
        ``kgg:rules``, ``kgg:shapes``; ``kgg:ontology`` is the ontology), an rdflib Graph or
        Dataset.
    :param shapes: the shapes; default: the KnowledgeGraph's or Dataset's, else
        :func:`~kgtool.validation.pyshacl_validator.load_shapes`.
    :param ontology: class hierarchy mixed into the data (pySHACL's ``ont_graph``).
    :param plan: a :func:`compile_shapes` plan to reuse.
    :param focus_nodes: report only these focus nodes (incremental re-validation).
    :param fallback_data: rdflib data for shapes left to pySHACL (built from the store when
        not given).
    :param union_is_asserted: ``data`` is an OxigraphStore whose default graph holds exactly
        the data and ontology graphs' triples (no ``kgg:inferred``, ``kgg:rules`` or
        ``kgg:shapes`` yet): the queries run on that default graph directly. Otherwise they
        run on Oxigraph's union of the named graphs when the store has no other graphs, and
        on a scratch copy of the data and ontology graphs when it has (see :class:`_DataView`).
    :returns: a :class:`~kgtool.validation.pyshacl_validator.ValidationReport` with the same results as
        pySHACL's.
    :raises InputError: ``data`` is of an unsupported type.

    >>> validate_fast(Graph()).conforms
    True
    """
    store, names, ds_shapes = _store_for(data, ontology)
    if isinstance(data, OxigraphStore):
        refuse_lost_datatypes(shapes if shapes is not None else ds_shapes)
    if fallback_data is None and isinstance(data, Graph) and not isinstance(data, Dataset):
        fallback_data = data  # the terms as written (Oxigraph's copy may be canonical)
    if shapes is None:
        shapes = ds_shapes if ds_shapes is not None else load_shapes()
    if plan is None or plan.shapes is not shapes or not hasattr(plan, "lexical"):
        plan = compile_shapes(shapes)  # (a plan pickled by an older kgtool lacks .lexical)
    # literals Oxigraph keeps in another form ("1.00" -> "1", ill-typed ones with a space):
    # the shapes whose answer depends on lexical forms go to pySHACL with the delegated ones
    delegated = plan.delegated(lexically_exposed(plan, store))
    view = _DataView.choose(store, names + [GRAPH_ONTOLOGY], default_is_union=union_is_asserted
                            or not isinstance(data, OxigraphStore))
    found: dict[tuple, ValidationResult] = {}
    focus_cache: dict[Node, set] = {}
    queries = [q for q in plan.queries if q.shape not in delegated]
    sparql_shapes = list(dict.fromkeys(q.shape for q in queries if q.kind == "sparql"))

    def severity(shape):
        return severity_of(shapes.value(shape, SH.severity))

    def add(shape, focus, path, value, messages, shape_msgs):
        if focus_nodes is not None and focus not in focus_nodes:
            return
        en, zh = pick_messages(messages, shape_msgs)
        sev = severity(shape)
        key = (sev, focus, path if not isinstance(path, BNode) else None, value,
               shape if not isinstance(shape, BNode) else None, en)
        if key not in found:
            found[key] = ValidationResult(sev, focus, path, value, shape, en, zh)

    answers = view.run_all([(q.text, q.kind == "sparql") for q in queries]
                           + [(plan.focus[s], False) for s in sparql_shapes]
                           + [(_TYPED_LITERALS, False)])
    focus_rows = dict(zip(sparql_shapes, answers[len(queries):-1]))
    typed_literals = answers[-1][1]
    for q, (variables, rows) in zip(queries, answers):
        shape_msgs_l = list(shapes.objects(q.shape, SH.message))
        shape_msgs = {str(m) for m in shape_msgs_l}
        path = shapes.value(q.shape, SH.path)
        if q.kind == "sparql":
            if focus_cache.get(q.shape) is None:
                focus_cache[q.shape] = {from_ox(r[0], store.restore)
                                        for r in focus_rows[q.shape][1]}
            cols = [v.value for v in variables]
            if "this" not in cols:
                raise InputError(f"SPARQL constraint of {q.shape} does not select $this")
            cmsgs = [m for m in shapes.objects(q.constraint, SH.message) if m not in shape_msgs_l]
            for r in rows:
                vals = {c: from_ox(r[c], store.restore) for c in cols if r[c] is not None}
                this = vals.get("this")
                if this not in focus_cache[q.shape]:
                    continue
                p = vals.get("path", path)
                v = vals.get("value", None if path is not None else this)
                sub = {k: x for k, x in vals.items() if k not in ("this", "path", "value")}
                sub.update({"this": this, **({"path": p} if p is not None else {}),
                            **({"value": v} if v is not None else {})})
                msgs = [Literal(_substitute(str(m), sub)) for m in shape_msgs_l + cmsgs]
                add(q.shape, this, p, v, msgs, shape_msgs)
            continue
        for r in rows:
            this = from_ox(r["this"], store.restore)
            value = None
            if q.kind == "value" or (q.kind == "datatype" and path is not None):
                value = from_ox(r["v"], store.restore)
            elif q.kind in ("focus_value", "datatype"):
                value = this
            if q.kind == "datatype" and _well_typed(value, q.datatype) and (
                    not isinstance(value, Literal) or value.datatype is None
                    or is_valid_lexical(value)):
                continue
            add(q.shape, this, path, value, shape_msgs_l or _generic_messages(q), shape_msgs)

    results = list(found.values())
    if delegated:
        if fallback_data is None and hasattr(data, "union") and hasattr(data, "shapes"):
            fallback_data = data.union(names)  # a KnowledgeGraph: its terms as written
        results += run_delegated(delegated, store, names, shapes, fallback_data, focus_nodes)
    bad = _invalid_lexical_forms(typed_literals, store, names)
    if bad:
        reported = {(r.focus_node, r.path) for r in results}
        for s_, p_, o_ in bad:
            if (s_, p_) not in reported and (focus_nodes is None or s_ in focus_nodes):
                en, zh = messages(o_)
                results.append(ValidationResult("Violation", s_, p_, o_, LEXICAL_SHAPE, en, zh))
    provenance = _Provenance(store, names)
    for r in results:
        if r.source_quote is None and r.document is None:
            r.source_quote, r.document, r.doc_number = provenance(r.focus_node)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    results.sort(key=lambda r: (order.get(r.severity, 9), str(r.focus_node), r.shape_name,
                                str(r.path), str(r.value)))
    return ValidationReport(conforms=conforms_of(results), results=results)


