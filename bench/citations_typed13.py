"""Citations as people type them, round 13: how many of a generated list of typed forms
resolve to the units they name, with this checkout's code and (`--compare`) another's.

The list is built from the catalogue and the index of a full-mirror home, never from
questions: every held document x each naming variant of the kinds below x unit forms
(the document's own units, three consecutive ones of its main kind):

    short-name      a law by its title's acronym and a word for its kind: "PPMI Law",
                    "Undang-Undang PPMI", "the PPMI Act" (the catalogue's "UU X" aliases
                    and the initials of the title after "tentang")
    two-digit-year  "UU 18/17", "UU No. 18/17" (only when one held law fits)
    year-first      "the 2007 ASEAN Declaration" (an alias ending in its year, turned)
    gc-number       "GC N° 2", "Komentar Umum ke-2", "general comment two",
                    "Komentar Umum Nomor Dua", "2nd general comment", "General Comment Nº 2"
    abbreviation    an alias with "Declaration" typed "Decl."
    main-noun       the word for the instrument's kind or its final acronym ("Consensus",
                    "EPA"), when only one held document has it

    unit forms      "para 14", "paragraf ke-14", "the 14th paragraph", "Pasal ke-5",
                    "the 5th article", lists "Pasal 5, 6, dan 7", "paras 3, 4, and 5"
    order           "{name} {unit}", "{unit} of {name}" / "{unit} {name}"

A case resolves when `CitationResolver.parse` (the index's resolver) names its document
and exactly its units in order. Main nouns several held documents share ("Declaration")
are counted apart: each must be refused (no document), with `ambiguous_names` naming
all of them where the code has it.

    .venv/bin/python bench/citations_typed13.py --home $KB_HOME [--compare /work/main] [--failures 10]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

_EN_ORD = {1: "first", 2: "second", 3: "third"}
_EN_CARD = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
_ID_CARD = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh"]
_NOUN_ID = {"declaration": "Deklarasi", "consensus": "Konsensus", "convention": "Konvensi", "guidelines": "Pedoman",
            "agreement": "Persetujuan"}
# the Indonesian words for instrument kinds, as the English ones (and the reverse)
_ID_NOUN = {"deklarasi": "declaration", "konsensus": "consensus", "konvensi": "convention", "pedoman": "guidelines",
            "persetujuan": "agreement", "perjanjian": "agreement"}
_KIND_WORDS = {"uu": ["{a} Law", "Undang-Undang {a}", "the {a} Act", "UU {a}", "Law {a}"],
               "pp": ["{a} Government Regulation", "Peraturan Pemerintah {a}", "PP {a}"]}
_INSTRUMENT_NOUNS = ("declaration", "consensus", "agreement", "convention", "covenant", "protocol", "charter",
                     "treaty", "compact", "guidelines", "memorandum", "mou", "moc")


def nth(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _fold_words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.lower())


def doc_names(doc, held_docs) -> dict[str, list[str]]:
    """kind -> the names of one document typed in that kind's variants."""
    out: dict[str, list[str]] = defaultdict(list)
    if doc.family == "national-law":
        kind = "pp" if doc.citation.startswith("PP") else "uu"
        acronyms = {a.split()[1] for a in doc.aliases
                    if len(a.split()) == 2 and a.split()[0] in ("UU", "PP") and re.fullmatch(r"[A-Z]{3,10}", a.split()[1])}
        if " tentang " in doc.title:
            filler = {"dan", "di", "yang", "ke", "dari", "untuk", "atas", "dalam", "pada", "serta", "tentang"}
            initials = "".join(w[0] for w in _fold_words(doc.title.split(" tentang ", 1)[1]) if w not in filler).upper()
            if 3 <= len(initials) <= 10:
                acronyms.add(initials)
        for a in sorted(acronyms):
            out["short-name"] += [f.format(a=a) for f in _KIND_WORDS[kind]]
        m = re.match(r"(UU|PP) No\. (\d+) Tahun (\d{4})", doc.citation)
        if m:
            t, n, y = m.groups()
            clash = [d for d in held_docs if d.id != doc.id and d.family == "national-law"
                     and re.match(rf"{t} No\. {n} Tahun \d\d{y[2:]}$", d.citation)]
            if not clash:
                out["two-digit-year"] += [f"{t} {n}/{y[2:]}", f"{t} No. {n}/{y[2:]}"]
        return out
    gc = re.fullmatch(r"GC (\d+)", next((a for a in doc.aliases if re.fullmatch(r"GC \d+", a)), "") or "")
    if gc:
        n = int(gc.group(1))
        out["gc-number"] += [f"GC N° {n}", f"General Comment Nº {n}", f"Komentar Umum ke-{n}",
                             f"Komentar Umum Nomor {_ID_CARD[n].title()}" if n <= 10 else f"Komentar Umum Nomor {n}",
                             f"general comment {_EN_CARD[n]}" if n <= 10 else f"general comment {n}",
                             f"{nth(n)} general comment", f"the {nth(n)} general comment"]
    for alias in doc.aliases:
        year = re.fullmatch(r"(.+?) ((?:19|20)\d\d)", alias)
        if year and len(year.group(1).split()) >= 2:
            out["year-first"] += [f"the {year.group(2)} {year.group(1)}", f"{year.group(2)} {year.group(1)}"]
        if "Declaration" in alias:
            out["abbreviation"] += [alias.replace("Declaration", "Decl."), alias.replace("Declaration", "Decl")]
    return out


def main_nouns(held_docs) -> dict[str, list[str]]:
    """noun -> ids of the held documents (not laws) named by it (as the brief defines it:
    an instrument word of its names, or an acronym ending an alias after words that name
    no kind)."""
    found: dict[str, list[str]] = defaultdict(list)
    for doc in held_docs:
        if doc.family == "national-law":
            continue
        head = re.split(r"\s(?:on|between|of|for|tentang|mengenai|antara)\s|\(", doc.title, maxsplit=1)[0]
        own = {_ID_NOUN.get(w, w) for name in (doc.citation, head, *doc.aliases) for w in _fold_words(name)
               if _ID_NOUN.get(w, w) in _INSTRUMENT_NOUNS}
        aliases = {a.lower() for d in held_docs for a in (d.citation, *d.aliases)}
        for name in (doc.citation, *doc.aliases):
            words = re.sub(r"\([^)]*\)|\b(?:19|20)\d\d\b", " ", name).split()
            if len(words) >= 2 and re.fullmatch(r"(?=(?:[a-z]*[A-Z]){2})[A-Z][A-Za-z]{1,4}", words[-1]) and not any(
                    _ID_NOUN.get(w, w) in _INSTRUMENT_NOUNS for w in _fold_words(" ".join(words[:-1]))):
                own.add(words[-1])
        for w in own:
            if w.lower() not in aliases:  # "Convention" is the catalogue's own name of the ICRMW
                found[w].append(doc.id)
    return found


def unit_runs(names: list[str]) -> tuple[str, list[int]] | None:
    """(kind, three consecutive numbers) of a document's main numbered units: "Pasal",
    "Article" or "para" (unprefixed), the most numerous; None when it has no run of three."""
    by_kind: dict[str, set[int]] = defaultdict(set)
    for name in names:
        m = re.fullmatch(r"(Pasal|Article|para) (\d+)", name)
        if m:
            by_kind[m.group(1)].add(int(m.group(2)))
    if not by_kind:
        return None
    kind = max(by_kind, key=lambda k: len(by_kind[k]))
    nums = sorted(by_kind[kind])
    for n in nums:
        if n >= 4 and n + 1 in by_kind[kind] and n + 2 in by_kind[kind]:
            return kind, [n, n + 1, n + 2]
    return None


def unit_forms(kind: str, nums: list[int], language: str) -> list[tuple[str, str, list[str]]]:
    """(form id, text, expected unit names) for one document's units."""
    a, b, c = nums
    if kind == "para":
        want = [f"para {a}"]
        return [("plain", f"para {a}", want), ("ke", f"paragraf ke-{a}", want), ("nth", f"the {nth(a)} paragraph", want),
                ("list-and", f"paras {a}, {b}, and {c}", [f"para {n}" for n in nums]),
                ("list-dan", f"paragraf {a}, {b}, dan {c}", [f"para {n}" for n in nums])]
    name = "Pasal" if kind == "Pasal" else "Article"
    want = [f"{name} {a}"]
    return [("plain", f"{name} {a}", want), ("ke", f"Pasal ke-{a}", want), ("nth", f"the {nth(a)} article", want),
            ("list-and", f"articles {a}, {b}, and {c}", [f"{name} {n}" for n in nums]),
            ("list-dan", f"Pasal {a}, {b}, dan {c}", [f"{name} {n}" for n in nums])]


def generate(kb) -> tuple[list[dict], list[dict]]:
    """(cases, refusals): every held document x naming variant x unit form x order, and
    the main nouns several held documents share, each with a unit."""
    snap = kb.searcher().snapshot
    held_ids = {kb.catalog.find(d).variant_of or d for d in snap.units_by_doc if kb.catalog.find(d) is not None}
    held = [d for d in kb.catalog if d.id in held_ids and d.variant_of is None]
    names_of: dict[str, list[str]] = defaultdict(list)
    for doc_id, rows in snap.units_by_doc.items():
        doc = kb.catalog.find(doc_id)
        if doc is not None:
            names_of[doc.variant_of or doc_id] += [snap.units[r].unit for r in rows]
    nouns = main_nouns(held)
    cases: list[dict] = []
    refusals: list[dict] = []
    for doc in held:
        run = unit_runs(names_of[doc.id])
        variants = doc_names(doc, held)
        for noun, ids in nouns.items():
            # a sequence's name ("Guidelines") names that part of its document, not the document
            if ids == [doc.id] and noun.lower() not in {q.lower() for q in doc.sequences}:
                typed = noun if noun.isupper() or noun[1:].lower() != noun[1:] else noun.title()
                variants["main-noun"].append(typed)
                if noun in _NOUN_ID:
                    variants["main-noun"].append(_NOUN_ID[noun])
        for kind, names in variants.items():
            for name in dict.fromkeys(names):
                if run is None:
                    continue
                for form, unit, want in unit_forms(*run, doc.language):
                    cases.append({"kind": kind, "unit_form": form, "order": "name-unit", "text": f"{name} {unit}",
                                  "doc": doc.id, "units": want})
                    joiner = " dari " if re.match(r"(?:Pasal|paragraf)", unit) else " of the "
                    cases.append({"kind": kind, "unit_form": form, "order": "unit-name",
                                  "text": f"{unit}{joiner}{name}", "doc": doc.id, "units": want})
    for noun, ids in nouns.items():
        if len(ids) > 1:
            typed = noun if noun.isupper() or noun[1:].lower() != noun[1:] else noun.title()
            for text in (f"{typed} para 8", f"{typed} article 3", f"the {typed}, paragraph 2"):
                refusals.append({"text": text, "candidates": sorted(ids)})
    return cases, refusals


def measure(kb, cases: list[dict], refusals: list[dict]) -> dict:
    resolver = kb.searcher().resolver
    out = {"cases": [], "refusals": []}
    for case in cases:
        try:
            cit = resolver.parse(case["text"])
            got = (cit.doc_id, [u for u, _ in cit.all_units]) if cit is not None else (None, [])
        except Exception as exc:  # a crash is a failure of its own kind
            got = ("error", [f"{type(exc).__name__}: {exc}"])
        out["cases"].append({**case, "got": list(got), "ok": got[0] == case["doc"] and got[1] == case["units"]})
    for ref in refusals:
        cit = resolver.parse(ref["text"])
        named = getattr(resolver, "ambiguous_names", None)
        candidates = sorted(named(ref["text"])) if named else []
        ok = (cit is None or cit.doc_id is None) and candidates == ref["candidates"]
        out["refusals"].append({**ref, "got": cit.doc_id if cit else None, "named": candidates, "ok": ok})
    return out


def summary(result: dict) -> dict[str, tuple[int, int]]:
    per: dict[str, list[bool]] = defaultdict(list)
    for c in result["cases"]:
        per[c["kind"]].append(c["ok"])
        per[f"  unit {c['unit_form']}"].append(c["ok"])
    per["all"] = [c["ok"] for c in result["cases"]]
    per["ambiguous refused"] = [r["ok"] for r in result["refusals"]]
    return {k: (sum(v), len(v)) for k, v in per.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--home", required=True, help="a full-mirror kb home (kb corpus fetch && kb index)")
    ap.add_argument("--compare", help="another checkout (e.g. /work/main): its code measured on the same cases")
    ap.add_argument("--failures", type=int, default=0, help="print this many failing cases")
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # one run's results, for --compare
    ap.add_argument("--cases", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    from kb import KnowledgeBase

    kb = KnowledgeBase.open(home=args.home)
    if args.cases:
        data = json.loads(Path(args.cases).read_text())
        cases, refusals = data["cases"], data["refusals"]
    else:
        cases, refusals = generate(kb)
    result = measure(kb, cases, refusals)
    if args.json:
        print(json.dumps(result))
        return 0
    columns = {"this": summary(result)}
    if args.compare:
        import tempfile

        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
            json.dump({"cases": cases, "refusals": refusals}, fh)
        other = Path(args.compare).resolve()
        proc = subprocess.run([sys.executable, __file__, "--home", args.home, "--json", "--cases", fh.name],
                              capture_output=True, text=True, cwd=other,
                              env={"PYTHONPATH": str(other), "PATH": "/usr/bin:/bin", "HOME": str(Path.home())})
        Path(fh.name).unlink(missing_ok=True)
        if proc.returncode != 0:
            print(f"error: --compare {other}: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else 'failed'}",
                  file=sys.stderr)
            return 1
        columns = {"before": summary(json.loads(proc.stdout)), "after": columns["this"]}
    keys = list(columns["this" if "this" in columns else "after"])
    print(f"{'kind':24}" + "".join(f"{name:>14}" for name in columns))
    for key in keys:
        print(f"{key:24}" + "".join(f"{columns[c].get(key, (0, 0))[0]:>8}/{columns[c].get(key, (0, 0))[1]:<5}"
                                    for c in columns))
    if args.failures:
        bad = [c for c in result["cases"] if not c["ok"]][: args.failures]
        bad_ref = [r for r in result["refusals"] if not r["ok"]][: args.failures]
        for c in bad:
            print(f"  {c['text']!r} -> want {c['doc']} {c['units']}; got {c['got']}")
        for r in bad_ref:
            print(f"  {r['text']!r} -> want refused naming {r['candidates']}; got {r['got']} naming {r['named']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
