"""Deterministic synthetic corpus in kgtool's own ontology, shaped like the real graph.

:func:`generate` writes, for a triple budget and a seed, byte-identical Turtle on every run:

* ``reference/synth-jurisdictions.ttl``: the administrative hierarchy top-down, as far as the
  budget allows (34 provincial-level units with their GB/T 2260 codes and names, then 333
  prefecture cities, then 2,844 counties/districts with synthetic names and GB/T 2260-like
  codes), ``kgt:partOf`` up to the real ``kg:jur/100000``; codes already in the real
  ``data/reference/jurisdictions.ttl`` are used but not re-emitted;
* ``reference/synth-agencies.ttl``: per jurisdiction a government and agencies (人民政府,
  办公厅, 质量技术监督局, 财政局 …) from a template list; ``reference/synth-activities.ttl``;
* ``documents/GGG-NNNNNN.ttl``: one file per numbered document (issued 2005–2025, 文号 like
  ``苏政发〔2012〕17号``) with its targets, goals, programs, measures, tasks and assignments,
  zones, standardization-body measures, industry priorities and funding, in the measured
  proportions of the five real documents; ``GGG`` groups documents into at most ~500 graphs
  ``kgg:doc-GGG`` (:func:`kgtool.rdf.graph.graph_name_for` keys graphs by a 3-digit prefix);
* ``manifest.json``: counts and the deliberately broken facts, each with its focus node and
  the shape expected to report it.

Metrics, units, comparators, quantity kinds, levels, roles, zone types, body types, document
types and industries are the real concepts of ``data/reference``, so the corpus loads with
the real ontology and reference data and conforms except for the injected violations.
Amounts are IRI nodes ``<fact>/amount`` (the real data uses blank nodes) so that a broken
amount can be named in the manifest. Turtle is written as text (no rdflib): 1M triples take
a few seconds.
"""
from __future__ import annotations

import json
import math
import random
from pathlib import Path

from kgtool.project import default_project
from kgtool.synth.documents import SynthCorpus
from kgtool.synth.model import (ASSIGNMENTS_PER_TASK, DOC_TRIPLES, GENERATOR_VERSION, ID, KGSH,  # noqa: F401
                    PROPORTIONS, REFERENCE_SHARE, ROLE_WEIGHTS, VIOLATION_KINDS,
                    InjectedViolation, SynthManifest)
from kgtool.synth.reference import concept_hierarchy, labels, reference_concepts, write_reference
from kgtool.synth.vocabulary import LEVEL, N_COUNTIES, N_PREFECTURES  # noqa: F401

# GENERATOR_VERSION, KGSH, ID, ROLE_WEIGHTS, ASSIGNMENTS_PER_TASK, N_PREFECTURES and N_COUNTIES
# stay importable from kgtool.synth as they were from the former single module.
__all__ = ["generate", "SynthManifest", "InjectedViolation", "VIOLATION_KINDS", "PROPORTIONS"]


def _remove_previous(out: Path) -> None:
    """Delete the files listed by an earlier ``manifest.json`` in ``out`` (no stale documents)."""
    try:
        old = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    for name in old.get("files", []):
        path = out / name
        if ".." not in Path(name).parts and path.is_file():
            path.unlink()


def generate(triples: int, *, seed: int, out_dir: Path, violation_share: float = 0.01,
             reference_dir: Path | None = None) -> SynthManifest:
    """Write a synthetic corpus of about ``triples`` triples into ``out_dir``.

    :param triples: the triple budget (the result is within a few percent of it).
    :param seed: random seed; the same seed and budget give byte-identical files.
    :param out_dir: directory to write ``reference/``, ``documents/`` and ``manifest.json`` into
        (created; the files of an earlier corpus listed in its manifest are removed first).
        Load ``out_dir/reference`` and ``out_dir/documents`` (not ``out_dir``, whose
        ``manifest.json`` would be read as JSON-LD) with the real ontology and reference data.
    :param violation_share: share of facts deliberately broken; when > 0 every kind of
        :data:`VIOLATION_KINDS` is injected at least once (0 gives a conforming corpus).
    :param reference_dir: the real reference data whose concepts are reused
        (default: the project's ``data/reference``).
    :returns: the :class:`SynthManifest`, also written to ``manifest.json``.
    :raises ValueError: when ``triples`` is below 500.

    >>> import tempfile
    >>> m = generate(2000, seed=1, out_dir=Path(tempfile.mkdtemp()))
    >>> 1800 <= m.triples <= 2200, len(m.violations) >= 7
    (True, True)
    """
    if triples < 500:
        raise ValueError("a synthetic corpus needs a budget of at least 500 triples")
    reference_dir = Path(reference_dir or default_project().root / "data" / "reference")
    out = Path(out_dir)
    _remove_previous(out)
    rng = random.Random(seed)
    metrics = labels(reference_dir, "metrics.ttl", "metric")
    industries = labels(reference_dir, "industries.ttl", "industry")
    _, _, real_codes = reference_concepts(reference_dir)
    jurs, ref_triples, files = write_reference(concept_hierarchy(rng), out, int(triples * REFERENCE_SHARE),
                                                real_codes)
    corpus = SynthCorpus(rng, jurs, metrics, industries, violation_share)
    remaining = triples - ref_triples
    mean = sum(DOC_TRIPLES) / 2
    per_graph = max(1, math.ceil(remaining / mean / 500))
    docs_dir = out / "documents"
    docs_dir.mkdir(parents=True, exist_ok=True)
    total, index = ref_triples, 0
    while remaining > 60:
        size = min(rng.randint(*DOC_TRIPLES), remaining)
        if remaining - size < DOC_TRIPLES[0] // 2:
            size = remaining
        text, n = corpus.document(index, size)
        name = f"documents/{index // per_graph:03d}-{index:06d}.ttl"
        (out / name).write_text(text, encoding="utf-8")
        files.append(name)
        remaining -= n
        total += n
        index += 1
    counts = dict(corpus.counts)
    counts.update(jurisdictions=len(jurs), jurisdictions_emitted=sum(j.emit for j in jurs),
                  agencies=sum(len(j.agencies) for j in jurs),
                  jurisdictions_by_level={LEVEL[lv]: len(corpus.by_level[lv]) for lv in (1, 2, 3)},
                  reference_triples=ref_triples, graphs=(index + per_graph - 1) // per_graph)
    manifest = SynthManifest(seed, triples, total, files, counts, corpus.violations)
    (out / "manifest.json").write_text(
        json.dumps(manifest.to_dict(), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
        encoding="utf-8")
    return manifest
