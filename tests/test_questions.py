"""kb's own question set (bench/questions/): every unit and evidence phrase checked against
kb's parse of the real mirror, the folds are the deterministic split, and the validator
itself catches what it claims to catch."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest

from conftest import MIRROR

QUESTIONS = Path(__file__).resolve().parents[1] / "bench" / "questions"
sys.path.insert(0, str(QUESTIONS))

import split  # noqa: E402
import validate  # noqa: E402

pytestmark = pytest.mark.skipif(
    not (MIRROR / "manifest.json").exists(), reason=f"corpus mirror not found at {MIRROR}"
)


@pytest.fixture(scope="module")
def corpus():
    return validate.load_corpus(MIRROR)


def test_question_set_is_valid_against_the_mirror(corpus):
    report, folds = validate.validate(corpus)
    assert report.errors == []
    assert folds["tune"] and folds["test"]


def test_every_fold_line_has_the_eval_format():
    for fold in split.FOLDS:
        for line in split.fold_path(fold).read_text(encoding="utf-8").splitlines():
            assert list(json.loads(line)) == list(split.FIELDS)


def test_split_is_deterministic_and_stratified():
    folds = split.read_folds()
    every = [q for fold in split.FOLDS for q in folds[fold]]
    shuffled = list(every)
    random.Random(1).shuffle(shuffled)
    assert split.assign_folds(shuffled) == split.assign_folds(every)
    assert abs(len(folds["tune"]) - len(folds["test"])) <= 1
    for kind in validate.KINDS:
        for lang in validate.LANGS:
            n = [sum(1 for q in folds[f] if q["kind"] == kind and q["lang"] == lang) for f in split.FOLDS]
            assert abs(n[0] - n[1]) <= 1, (kind, lang, n)


def _write(folder: Path, questions: list[dict]) -> None:
    split.write_folds(questions, folder)


def _q(qid: str, **kw) -> dict:
    q = {
        "id": qid,
        "query": f"question {qid}",
        "lang": "en",
        "kind": "cross-lingual",
        "relevant": [{"doc": "uu-18-2017", "unit": "Pasal 30", "grade": 2}],
        "evidence": "Pekerja Migran Indonesia tidak dapat dibebani biaya penempatan",
    }
    q.update(kw)
    return q


def test_validator_catches_bad_questions(tmp_path, corpus):
    bad = [
        _q("kq001"),  # fine
        _q("kq002", relevant=[{"doc": "uu-18-2017", "unit": "Pasal 999", "grade": 2}]),
        _q("kq003", evidence="Pekerja Migran Indonesia wajib membayar biaya penempatan"),
        _q("kq004", evidence="Pekerja Migran Indonesia tidak dapat dibebani biaya penempatan, baik di dalam negeri maupun di negara tujuan"),
        _q("kq005", kind="unanswerable"),
        _q("kq006", relevant=[{"doc": "uu-18-2017-ocr", "unit": "Pasal 30", "grade": 2}]),
        _q("kq007", lang="fr"),
        _q("x8"),
    ]
    _write(tmp_path, bad)
    report, _ = validate.validate(corpus, tmp_path)
    text = "\n".join(report.errors)
    assert "kq001" not in text
    assert "kq002: uu-18-2017 has no unit 'Pasal 999'" in text
    assert "kq003: evidence" in text and "not verbatim" in text
    assert "kq004: evidence has 16 words" in text
    assert "kq005: unanswerable but relevant is not empty" in text
    assert "kq006: cite uu-18-2017-ocr Pasal 30 under uu-18-2017" in text
    assert "kq007: lang 'fr'" in text
    assert "id 'x8' is not kqNNN" in text


def test_variant_units_and_parser_gaps(tmp_path, corpus):
    questions = [
        # the Penjelasan of UU 18/2017 exists only in its OCR copy: cited under uu-18-2017
        _q("kq001", relevant=[{"doc": "uu-18-2017", "unit": "Penjelasan Pasal 69", "grade": 2}],
           evidence="antara lain calo atau individu yang tidak memiliki kewenangan"),
        # a Pasal the OCR of PP 59/2021 lost with its text (heading and all): reported, not failed
        _q("kq002", relevant=[{"doc": "pp-59-2021", "unit": "Pasal 63", "grade": 1},
                              {"doc": "uu-18-2017", "unit": "Pasal 30", "grade": 2}]),
        # the displaced heading the parser now puts back (structure s8): no gap
        _q("kq003", relevant=[{"doc": "pp-59-2021", "unit": "Pasal 35", "grade": 1},
                              {"doc": "uu-18-2017", "unit": "Pasal 30", "grade": 2}]),
    ]
    _write(tmp_path, questions)
    report, _ = validate.validate(corpus, tmp_path)
    assert report.errors == []
    assert report.gaps[("pp-59-2021", "Pasal 63")] == ["kq002"]
    assert ("pp-59-2021", "Pasal 40") not in report.gaps  # found inside Pasal 39 (structure s10)
    assert ("pp-59-2021", "Pasal 35") not in report.gaps


def test_misplaced_question_is_an_error(tmp_path, corpus):
    questions = [_q(f"kq{n:03d}") for n in range(1, 7)]
    _write(tmp_path, questions)
    tune = split.read_jsonl(tmp_path / "tune.jsonl")
    test = split.read_jsonl(tmp_path / "test.jsonl")
    test.append(tune.pop())  # hand-moved to the other fold
    for name, rows in (("tune", tune), ("test", test)):
        (tmp_path / f"{name}.jsonl").write_text("".join(split.dump_line(q) + "\n" for q in rows), encoding="utf-8")
    report, _ = validate.validate(corpus, tmp_path)
    assert any("but the split puts it in tune" in e for e in report.errors)


def test_composition_targets_are_met(corpus):
    report, folds = validate.validate(corpus)
    every = [q for fold in split.FOLDS for q in folds[fold]]
    missed = [(name, detail) for name, met, detail in validate.check_targets(every, corpus, validate.load_tags()) if not met]
    assert missed == []
    for fold in split.FOLDS:
        comp = validate.composition(folds[fold], corpus)
        assert comp["cross_share"] >= 0.35, fold
        assert comp["unanswerable"] >= 10, fold
