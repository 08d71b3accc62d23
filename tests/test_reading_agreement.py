"""Two independent readings of the same corpus texts (issue #16): ``kgtool eval-extract
--second-reading`` scores a second analyst's gold against the corpus gold, the human ceiling of
the extractor's figures.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgtool.errors import InputError
from kgtool.intake.agreement import SECOND_READING_DIR, compare_pair, compare_readings
from kgtool.intake.corpus import load_corpus

CORPUS = Path(__file__).parent / "extract_corpus"
SECOND = CORPUS / SECOND_READING_DIR
SPLIT = {t.id: t.part for t in load_corpus(CORPUS)}


def _empty() -> dict:
    return {"targets": [], "funding": [], "tasks": []}


def test_two_cuts_of_one_sentence_agree_and_one_field_apart_is_counted():
    text = ("到2025年，主导制定国际标准10项以上，新增地方标准50项。\n"
            "推进标准化示范区建设（市市场监管局牵头，市财政局配合）。")
    first = {"targets": [
        {"quote": "主导制定国际标准10项以上", "value": 10, "deadline": 2025},
        {"quote": "新增地方标准50项", "value": 50, "deadline": 2025}],
        "funding": [],
        "tasks": [{"task": "推进标准化示范区建设", "agency": "市市场监管局", "role": "lead"},
                  {"task": "推进标准化示范区建设", "agency": "市财政局", "role": "cooperating"}]}
    second = {"targets": [
        {"quote": "到2025年，主导制定国际标准", "value": 10, "deadline": 2025},   # another cut
        {"quote": "新增地方标准50项", "value": 50, "deadline": None}],           # no deadline read
        "funding": [],
        "tasks": [{"task": "标准化示范区建设", "agency": "市市场监管局（市标准化办）", "role": "lead"},
                  {"task": "示范区建设", "agency": "市财政局", "role": "responsible"}]}
    r = compare_pair(text, first, second, text_id="x")
    t, a = r.scores["targets"], r.scores["task assignments"]
    assert (t.curated, t.drafted, t.matched) == (2, 2, 1)
    assert (a.curated, a.drafted, a.matched) == (2, 2, 1)     # the alias is dropped
    assert r.near == {"targets: deadline": 1, "task assignments: role": 1}
    assert "x: only first: task assignments: 市财政局 (cooperating) 推进标准化示范区建设" in r.misses
    assert "x: only second: targets: 新增地方标准50项" in r.misses


def test_the_same_amount_in_two_sentences_is_two_items():
    text = "主导制定国际标准的，奖励50万元。\n承担国际标准化组织秘书处的，奖励50万元。"
    first = {**_empty(), "funding": [{"quote": "主导制定国际标准的，奖励50万元", "amount": 500000},
                                     {"quote": "承担国际标准化组织秘书处的，奖励50万元", "amount": 500000}]}
    second = {**_empty(), "funding": [{"quote": "奖励50万元", "amount": 500000}]}
    s = compare_pair(text, first, second).scores["funding items"]
    assert (s.curated, s.drafted, s.matched) == (2, 1, 1)


def test_the_corpus_gold_agrees_with_itself(tmp_path):
    ids = ["363", "424", "453"]
    corpus = tmp_path / "c"
    shutil.copytree(CORPUS, corpus, ignore=shutil.ignore_patterns(SECOND_READING_DIR))
    (corpus / SECOND_READING_DIR).mkdir()
    for i in ids:
        shutil.copy(CORPUS / f"{i}.gold.yaml", corpus / SECOND_READING_DIR / f"{i}.gold.yaml")
    r = compare_readings(corpus, corpus / SECOND_READING_DIR)
    assert r.documents == ids
    for s in r.scores.values():
        assert s.curated == s.drafted == s.matched > 0
    assert not r.misses


def test_a_second_reading_of_a_text_not_in_the_corpus_is_refused(tmp_path):
    (tmp_path / "999.gold.yaml").write_text("targets: []\nfunding: []\ntasks: []\n", encoding="utf-8")
    with pytest.raises(InputError, match="999 is not in the corpus"):
        compare_readings(CORPUS, tmp_path)


@pytest.mark.skipif(not SECOND.is_dir(), reason="no second readings in the corpus")
def test_the_second_readings_are_of_dev_texts_and_the_cli_prints_their_agreement():
    from kgtool.cli.main import cli

    ids = sorted(p.name.split(".")[0] for p in SECOND.glob("*.gold.yaml"))
    assert len(ids) >= 20
    assert {SPLIT[i] for i in ids} == {"dev"}        # their disagreements may be read
    r = compare_readings(CORPUS, SECOND)
    res = CliRunner().invoke(cli, ["--json", "eval-extract", "--second-reading"])
    assert res.exit_code == 0, res.output
    got = json.loads(res.output)["second_reading"]
    assert got["documents"] == ids
    for kind, s in r.scores.items():
        assert got["scores"][kind]["matched"] == s.matched
        assert 0 < s.matched <= min(s.curated, s.drafted)
    text = CliRunner().invoke(cli, ["eval-extract", "--second-reading", "--misses"]).output
    assert "of first" in text and f"documents: {', '.join(ids)}" in text
    assert sum(line.startswith("  ") for line in text.splitlines()) == len(r.misses)
