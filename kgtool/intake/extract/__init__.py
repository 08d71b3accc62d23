"""Draft the graph of a new policy document from its raw text (issue #5).

:func:`extract_document` reads a Chinese policy text (simplified or traditional, UTF-8 or
GB18030) and drafts, in the terms of docs/MODEL.md: the document's metadata (number, title,
issuer, dates, citations, transmittal), quantitative targets, funding items and budget
statements, tasks with agency assignments, TC/SC/WG measures, demonstration zones and
industry priorities. Each drafted fact carries ``kgt:quote`` (an exact substring of the
text), ``kgt:quoteStart``/``kgt:quoteEnd`` (character offsets into the text) and
``kgt:statedIn``; fact IRIs are ``kg:draft/<doc-slug>/<kind>-<nn>``. A draft is for review
(``kgtool review``), not for merging unread: the patterns are rules, and the text decides.

Modules (issue #16): :mod:`.targets` (open-vocabulary quantified targets; metrics and units the
schemes lack become proposed concepts flagged for review), :mod:`.funding` (amounts with
activity, tier, cap, scope and place), :mod:`.tasks` (assignments in bracketed, labelled and
prose formats), :mod:`.metadata` (number, title, dates, citations, also from web captures),
:mod:`.measures` (TC/SC/WG, zones, industries). Quality: ``kgtool eval-extract``.

Matching runs on a normalised *view* of the text (:class:`TextView`: NFKC, half-width,
simplified, whitespace removed) with an offset map back to the original characters.
"""
from __future__ import annotations

from kgtool.intake.extract.document import extract_document
from kgtool.intake.extract.draft import Draft, DraftFact, DraftContext, make_slug
from kgtool.intake.extract.reference import Reference, load_reference
from kgtool.intake.extract.review import review_lines
from kgtool.intake.extract.text import TextView, decode_text, read_policy_text

__all__ = ["extract_document", "read_policy_text", "Draft", "DraftFact", "TextView", "Reference",
           "load_reference", "review_lines"]
