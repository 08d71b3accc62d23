"""The per-document generator of the synthetic corpus.

:class:`SynthCorpus` writes numbered documents one after another and injects the violations of
:data:`~kgtool.synth.model.VIOLATION_KINDS`; :class:`_DocCtx` writes the facts of one document
(targets, goals, programs, measures, tasks and assignments, zones, funding …).
"""
from __future__ import annotations

import random

from kgtool.synth.model import ASSIGNMENTS_PER_TASK, ID, PROPORTIONS, ROLE_WEIGHTS, VIOLATION_KINDS, InjectedViolation
from kgtool.synth.reference import SynthJurisdiction, metric_kind
from kgtool.synth.vocabulary import (ACTIONS, ACTIVITIES, BANDS, DOMAINS, LEVEL, NUMERALS, TOPICS,
                         UNIT_ZH, ZONETYPES)
from kgtool.synth.writer import turtle_decimal, turtle_literal, TurtleWriter


_FORCED_FACT = {"missing-quote": "measure", "range-min-above-max": "target",
                "percent-above-100": "target", "deadline-before-issue": "target",
                "conflicting-values": "target", "task-without-lead": "task",
                "amount-not-positive": "funding"}


class SynthCorpus:
    """Documents one after another; injects violations while writing."""

    def __init__(self, rng: random.Random, jurs: list[SynthJurisdiction], metrics: dict[str, str],
                 industries: dict[str, str], share: float) -> None:
        self.rng = rng
        self.by_level = {lv: [j for j in jurs if j.level == lv] for lv in (1, 2, 3)}
        self.metrics = [(slug, zh, *metric_kind(slug)) for slug, zh in metrics.items()]
        self.industries = list(industries.items())
        self.share = share
        self.pending = list(VIOLATION_KINDS) if share > 0 else []
        self.violations: list[InjectedViolation] = []
        self.cited: list[tuple[int, str]] = []
        self.serials: dict[tuple[str, int], int] = {}
        self.counts: dict[str, int] = {k: 0 for k in PROPORTIONS}
        self.counts.update(documents=0, document_nodes=0, assignments=0, citations=0)
        self.kinds = list(PROPORTIONS)
        self.weights = [PROPORTIONS[k] for k in self.kinds]

    # ----------------------------------------------------------------- violations
    def _inject(self, applicable: list[str]) -> str | None:
        for kind in self.pending:
            if kind in applicable:
                self.pending.remove(kind)
                return kind
        if applicable and self.share > 0 and self.rng.random() < self.share:
            return self.rng.choice(applicable)
        return None

    def _record(self, kind: str, focus: str, doc: str) -> None:
        shape, component = VIOLATION_KINDS[kind]
        self.violations.append(InjectedViolation(kind, ID + focus.strip("<>"), shape, component,
                                                 ID + doc.strip("<>")))

    # ----------------------------------------------------------------- documents
    def document(self, index: int, budget: int) -> tuple[str, int]:
        rng = self.rng
        levels = [lv for lv in (1, 2, 3) if self.by_level[lv]]
        level = 1 if index == 0 else rng.choices(levels, [(3, 4, 3)[lv - 1] for lv in levels])[0]
        j = rng.choice(self.by_level[level])
        year = rng.randint(2005, 2025)
        slugs = [a[0] for a in j.agencies]
        issuer = rng.choices(["gov", "office", "qts"], [50, 35, 15])[0]
        if issuer not in slugs:
            issuer = "gov"
        creator = next(a[1] for a in j.agencies if a[0] == issuer)
        code = {"gov": "政发", "office": "政办发", "qts": "质监发"}[issuer] if level == 1 else \
            {"gov": "府发", "office": "府办发", "qts": "质监发"}[issuer]
        prefix = j.abbrev + code
        serial = self.serials.get((prefix, year), rng.randint(0, 20)) + rng.randint(1, 9)
        self.serials[(prefix, year)] = serial
        number = f"{prefix}〔{year}〕{serial}号"
        slug = f"synth-{index:06d}"
        doc = f"<doc/{slug}>"
        topic_zh, topic_en = rng.choice(TOPICS)
        end = year + rng.randint(1, 5)
        w = TurtleWriter()
        period = ("[ a time:ProperInterval ;\n        time:hasBeginning [ a time:Instant ; "
                  f'time:inXSDgYear "{year}"^^xsd:gYear ] ;\n        time:hasEnd [ a time:Instant ; '
                  f'time:inXSDgYear "{end}"^^xsd:gYear ] ]', 7 + 1)
        if issuer == "office":
            title = f"{j.zh}人民政府办公厅关于印发{j.zh}{topic_zh}实施方案的通知"
            title_en = f"Notice of the General Office of the {j.en} People's Government on " \
                       f"issuing the {j.en} implementation plan for {topic_en}"
            dtype = "notice"
        elif issuer == "gov":
            title = f"{j.zh}人民政府关于{topic_zh}的意见"
            title_en = f"Opinions of the {j.en} People's Government on {topic_en}"
            dtype = "opinion"
        else:
            title = f"{j.zh}质量技术监督局关于{topic_zh}的通知"
            title_en = f"Notice of the {j.en} Bureau of Quality and Technical Supervision on {topic_en}"
            dtype = "notice"
        pairs = [("a", "kgt:PolicyDocument"),
                 ("rdfs:label", [turtle_literal(f"{number}：{title}", "zh"), turtle_literal(title_en, "en")]),
                 ("dct:title", turtle_literal(title, "zh")), ("kgt:docNumber", turtle_literal(number)),
                 ("dct:creator", creator), ("dct:issued",
                                            f'"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"^^xsd:date'),
                 ("kgt:jurisdiction", f"<jur/{j.code}>"), ("kgt:jurisdictionStatus", "<status/stated>"),
                 ("kgt:documentType", f"<doctype/{dtype}>"), ("kgt:documentStatus", "<status/encoded>"),
                 ("kgt:sourceFile", turtle_literal(f"{index:06d}_synthetic.txt")), ("dct:language", turtle_literal("zh-Hans")),
                 ("kgt:abridged", '"false"^^xsd:boolean'), ("kgt:planPeriod", period)]
        earlier = [d for y, d in self.cited if y <= year]
        cites = rng.sample(earlier, min(len(earlier), rng.choice((0, 1, 1, 2, 3))))
        if cites:
            pairs.append(("eli:cites", sorted(cites)))
            self.counts["citations"] += len(cites)
        inner = None
        if issuer == "office":
            inner = f"<doc/{slug}-plan>"
            pairs += [("kgt:transmits", inner), ("kgt:transmittalType", "<transmittal/yinfa>")]
        w.block(doc, pairs)
        self.counts["document_nodes"] += 1
        if inner:
            plan = f"{j.zh}{topic_zh}实施方案"
            w.block(inner, [("a", "kgt:PolicyDocument"),
                            ("rdfs:label", [turtle_literal(plan, "zh"), turtle_literal(f"{j.en} implementation plan for {topic_en}", "en")]),
                            ("dct:title", turtle_literal(plan, "zh")), ("dct:creator", creator),
                            ("kgt:jurisdiction", f"<jur/{j.code}>"),
                            ("kgt:documentType", "<doctype/implementation-plan>"),
                            ("kgt:documentStatus", "<status/encoded>")])
            self.counts["document_nodes"] += 1
        self.cited.append((year, doc))
        self.counts["documents"] += 1
        ctx = _DocCtx(self, w, j, year, end, slug, doc)
        ctx.fact("program")
        forced = [_FORCED_FACT[k] for k in self.pending]
        while w.triples < budget - 10 or forced:
            kind = forced.pop(0) if forced else rng.choices(self.kinds, self.weights)[0]
            ctx.fact(kind)
        return w.text(f"# Synthetic document {index} ({number}); kgtool.synth, generated, do not edit.\n"), w.triples


class _DocCtx:
    """Facts of one document."""

    def __init__(self, corpus: SynthCorpus, w: TurtleWriter, j: SynthJurisdiction, year: int, end: int, slug: str,
                 doc: str) -> None:
        self.c, self.w, self.j, self.year, self.end, self.slug, self.doc = \
            corpus, w, j, year, end, slug, doc
        self.n: dict[str, int] = {}
        self.programs: list[str] = []
        self.used_metrics: set[str] = set()
        self.planned = 0

    def _iri(self, kind: str) -> str:
        self.n[kind] = self.n.get(kind, 0) + 1
        return f"<fact/{self.slug}/{kind}-{self.n[kind]:02d}>"

    def _common(self, cls: str, quote: str, zh: str, en: str, drop_quote: bool = False) -> list:
        pairs = [("a", f"kgt:{cls}"), ("kgt:statedIn", self.doc)]
        if not drop_quote:
            pairs.append(("kgt:quote", turtle_literal(quote, "zh")))
        pairs.append(("rdfs:label", [turtle_literal(zh, "zh"), turtle_literal(en, "en")]))
        return pairs

    def _tail(self, pairs: list) -> list:
        pairs.append(("kgt:jurisdiction", f"<jur/{self.j.code}>"))
        if self.programs:
            pairs.append(("kgt:partOfProgram", self.c.rng.choice(self.programs)))
        return pairs

    def fact(self, kind: str) -> None:
        c, rng = self.c, self.c.rng
        if kind == "target":
            if self._target():
                return
            kind = "goal"
        c.counts[kind] += 1
        act_zh, act_en = rng.choice(ACTIONS)
        if kind == "program":
            iri = self._iri("program")
            k = len(self.programs)
            zh = f"{NUMERALS[k % 10]}、{act_zh}"
            self.w.block(iri, self._tail(self._common("Program", zh + "。", zh, f"Section {k + 1}: {act_en}")))
            self.programs.append(iri)
            return
        if kind == "task":
            self._task(act_zh, act_en)
            return
        if kind in ("funding", "budget"):
            self._funding(kind)
            return
        iri = self._iri(kind)
        drop = c._inject(["missing-quote"]) == "missing-quote"
        if drop:
            c._record("missing-quote", iri, self.doc)
        jzh = self.j.zh
        if kind == "industry":
            inds = rng.sample(c.industries, rng.randint(1, 4))
            names = "、".join(n for _, n in inds)
            pairs = self._common("IndustryPriority", f"重点支持{names}等产业的标准研制。",
                                 f"重点产业：{names}", "priority industries", drop)
            pairs.append(("kgt:industry", [f"<industry/{s}>" for s, _ in sorted(inds)]))
        elif kind == "zone":
            zt = rng.choice(ZONETYPES)
            pairs = self._common("DemonstrationZone", f"积极创建{jzh}标准化示范区，{act_zh}。",
                                 f"{jzh}示范区建设", f"demonstration zones in {self.j.en}", drop)
            pairs += [("kgt:zoneType", f"<zonetype/{zt}>"),
                      ("kgt:level", f"<level/{rng.choice(['national', 'provincial', LEVEL[self.j.level]])}>"),
                      ("kgt:domain", f"<domain/{rng.choice(DOMAINS)}>")]
        elif kind == "sbm":
            pairs = self._common("StandardizationBodyMeasure", "争取更多的国际和国家TC/SC/WG落户。",
                                 "争取TC/SC/WG落户", "attract TC/SC/WG", drop)
            pairs += [("kgt:bodyType", ["<bodytype/tc>", "<bodytype/sc>"][: rng.randint(1, 2)]),
                      ("kgt:level", "<level/national>"),
                      ("kgt:action", turtle_literal(rng.choice(["host", "establish", "join"]), "en"))]
        elif kind == "goal":
            pairs = self._common("Goal", f"全面提升{jzh}标准化水平，{act_zh}。",
                                 f"提升{jzh}标准化水平", f"raise the level of standardization in {self.j.en}", drop)
        else:  # measure
            pairs = self._common("Measure", f"{act_zh}，切实做好相关工作。", act_zh, act_en, drop)
            if rng.random() < 0.05:
                self.planned += 1
                planned = f"<doc/{self.slug}-planned-{self.planned:02d}>"
                name = f"{jzh}标准化管理办法（{self.planned}）"
                self.w.block(planned, [("a", "kgt:PolicyDocument"),
                                       ("rdfs:label", [turtle_literal(name, "zh"), turtle_literal(f"{self.j.en} standardization measures", "en")]),
                                       ("dct:title", turtle_literal(name, "zh")), ("kgt:jurisdiction", f"<jur/{self.j.code}>"),
                                       ("kgt:documentType", "<doctype/measures>"),
                                       ("kgt:documentStatus", "<status/planned>")])
                c.counts["document_nodes"] += 1
                pairs.append(("kgt:plannedDocument", planned))
        self.w.block(iri, self._tail(pairs))

    def _value(self, band: str, level: int | None = None) -> int:
        lo, hi = BANDS[band][level or self.j.level]
        return self.c.rng.randint(lo, hi)

    def _target(self) -> bool:
        c, rng = self.c, self.c.rng
        free = [m for m in c.metrics if m[0] not in self.used_metrics]
        want_pct = "percent-above-100" in c.pending and self.j.level == 1
        pct = [m for m in free if m[3] == "percent"]
        if want_pct and pct:
            free = pct
        if not free:
            return False
        slug, mzh, unit, qkind, band = rng.choice(free)
        self.used_metrics.add(slug)
        c.counts["target"] += 1
        if band == "percent":
            cmp = "at-least"
        elif band == "month":
            cmp = "at-most"
        elif "range-min-above-max" in c.pending:
            cmp = "range"
        else:
            cmp = rng.choices(["exactly", "at-least", "range"], [27, 5, 6])[0]
        applicable = ["missing-quote", "deadline-before-issue", "conflicting-values"]
        if cmp == "range":
            applicable.append("range-min-above-max")
        if band == "percent" and self.j.level == 1:
            applicable.append("percent-above-100")
        inject = c._inject(applicable)
        deadline = rng.randint(self.year + 1, self.end) if self.end > self.year else self.year
        if inject == "deadline-before-issue":
            deadline = self.year - rng.randint(1, 3)
        iri = self._iri("target")
        if inject:
            c._record(inject, iri, self.doc)
        u = UNIT_ZH[unit]
        if cmp == "range":
            lo, hi = sorted(rng.sample(range(*_widen(BANDS[band][self.j.level])), 2))
            if inject == "range-min-above-max":
                lo, hi = hi, lo
            values = [("kgt:minValue", turtle_decimal(lo)), ("kgt:maxValue", turtle_decimal(hi))]
            said = f"{lo}—{hi}{u}"
        else:
            v = self._value(band)
            if inject == "percent-above-100":
                v = rng.randint(101, 150)
            values = [("kgt:value", turtle_decimal(v))]
            said = {"exactly": f"达到{v}{u}", "at-least": f"达到{v}{u}以上",
                    "at-most": f"不超过{v}{u}"}[cmp]
        strive = rng.random() < 0.35
        quote = f"到{deadline}年，{'力争' if strive else ''}{self.j.zh}{mzh}{said}。"
        pairs = self._common("Target", quote, f"{mzh}{said}", f"{slug}: {said} by {deadline}",
                             inject == "missing-quote")
        rest = [("kgt:metric", f"<metric/{slug}>"), *values, ("kgt:comparator", f"<cmp/{cmp}>"),
                ("kgt:unit", f"<unit/{unit}>"), ("kgt:quantityKind", f"<qkind/{qkind}>"),
                ("kgt:deadline", f'"{deadline}"^^xsd:gYear')]
        if rng.random() < 0.55:
            rest.append(("kgt:level", f"<level/{LEVEL[self.j.level]}>"))
        if strive:
            rest.append(("kgt:aspirational", '"true"^^xsd:boolean'))
        self.w.block(iri, self._tail(pairs + rest))
        if inject == "conflicting-values":
            other = self._iri("target")
            c.counts["target"] += 1
            old = values[0][1] if cmp != "range" else None
            v = self._value(band)
            while turtle_decimal(v) == old:
                v = self._value(band)
            vals = [("kgt:value", turtle_decimal(v))] if cmp != "range" else \
                [("kgt:minValue", values[0][1]), ("kgt:maxValue", turtle_decimal(BANDS[band][self.j.level][1]))]
            if cmp == "range" and vals[1][1] == values[1][1]:
                vals[0] = ("kgt:minValue", turtle_decimal(BANDS[band][self.j.level][0]))
            rest2 = [p for p in rest if p[0] not in ("kgt:value", "kgt:minValue", "kgt:maxValue")]
            pairs2 = self._common("Target", quote + "（另一处表述）", f"{mzh}（另一数值）",
                                  f"{slug}: second value by {deadline}")
            self.w.block(other, self._tail(pairs2 + vals + rest2))
            c._record("conflicting-values", other, self.doc)
        return True

    def _task(self, act_zh: str, act_en: str) -> None:
        c, rng = self.c, self.c.rng
        iri = self._iri("task")
        inject = c._inject(["missing-quote", "task-without-lead"])
        if inject:
            c._record(inject, iri, self.doc)
        n = max(1, min(len(self.j.agencies), round(rng.expovariate(1 / ASSIGNMENTS_PER_TASK)) + 1))
        agents = rng.sample(self.j.agencies, n)
        roles = [rng.choices(list(ROLE_WEIGHTS), list(ROLE_WEIGHTS.values()))[0] for _ in agents]
        if "lead" not in roles and "responsible" not in roles:
            roles[0] = "responsible"
        if inject == "task-without-lead":
            roles = ["cooperating"] * n
        shorts = "、".join(a[2] for a in agents)
        pairs = self._common("Task", f"{act_zh}。（{shorts}负责）", act_zh, act_en,
                             inject == "missing-quote")
        pairs = self._tail(pairs)
        pairs.append(("kgt:assignment", [f"{iri[:-1]}/a-{k + 1}>" for k in range(n)]))
        self.w.block(iri, pairs)
        for k, (agent, role) in enumerate(zip(agents, roles)):
            self.w.block(f"{iri[:-1]}/a-{k + 1}>", [
                ("a", "kgt:TaskAssignment"),
                ("rdfs:label", [turtle_literal(f"{agent[2]}{'配合' if role == 'cooperating' else '负责'}", "zh"),
                                turtle_literal(f"{agent[0]}: {role}", "en")]),
                ("kgt:agent", agent[1]), ("kgt:role", f"<role/{role}>")])
        c.counts["assignments"] += n

    def _funding(self, kind: str) -> None:
        c, rng = self.c, self.c.rng
        if "amount-not-positive" in c.pending:
            kind = "funding"
        iri = self._iri("funding")
        applicable = ["missing-quote"] + (["amount-not-positive"] if kind == "funding" else [])
        inject = c._inject(applicable)
        funder = next((a[1] for a in self.j.agencies if a[0] == "finance"), self.j.agencies[0][1])
        act = rng.choice(ACTIVITIES)
        if kind == "budget":
            pairs = self._common("BudgetStatement", f"各级财政安排专项经费，支持{act[1]}。",
                                 f"安排经费支持{act[1]}", f"budget for {act[2]}", inject == "missing-quote")
            pairs += [("kgt:funder", funder), ("kgt:activity", f"<activity/{act[0]}>")]
            self.w.block(iri, self._tail(pairs))
        else:
            amount = rng.choice([10000, 20000, 50000, 100000, 200000, 300000, 500000, 1000000])
            written = f"{amount // 10000}万元"
            pairs = self._common("FundingMeasure", f"对{act[1]}给予资助经费{written}。",
                                 f"{act[1]}资助{written}", f"CNY {amount} for {act[2]}",
                                 inject == "missing-quote")
            node = f"{iri[:-1]}/amount>"
            pairs += [("kgt:funder", funder), ("kgt:activity", f"<activity/{act[0]}>"),
                      ("kgt:amount", node), ("kgt:originalAmount", turtle_literal(written))]
            self.w.block(iri, self._tail(pairs))
            value = amount
            if inject == "amount-not-positive":
                value = rng.choice([0, -amount])
                c._record(inject, node, self.doc)
                inject = None
            self.w.block(node, [("a", "schema:MonetaryAmount"), ("schema:value", turtle_decimal(value)),
                                ("schema:currency", turtle_literal("CNY"))])
        if inject:
            c._record(inject, iri, self.doc)


def _widen(band: tuple[int, int]) -> tuple[int, int]:
    return band[0], band[1] + 1
