"""Build kb/data/lexicon-id-en.tsv: a general Indonesian-English word lexicon of the legal
domain, derived from two public wordnets (never from questions).

    python bench/lexicon.py WN_BAHASA_TAB [--wordnet /usr/share/wordnet] [--mirror ../shared/corpus]

Sources (their notices are in kb/data/LEXICON-LICENSES.txt):
- Wordnet Bahasa (Francis Bond, David Moeljadi et al.; MIT licence), as released in the
  Open Multilingual Wordnet data (omw-data, `wns/msa/wn-data-ind.tab`): Indonesian lemmas
  of Princeton WordNet 3.0 synsets.
- Princeton WordNet 3.0 (WordNet 3.0 licence; Debian package `wordnet-base`,
  /usr/share/wordnet/data.*): the English lemmas of the same synsets.

Method: every (Indonesian lemma, English lemma) pair sharing a synset is a translation
candidate; both are analysed as kb analyses text (kb.lang.analyze: Sastrawi / Snowball
stems, stopwords out) and kept when each is one stem. A pair's weight is the share of the
Indonesian stem's synsets that give that English stem (and the reverse), so a word with
twenty senses ("menahan") spreads thin and a word with one sense ("paspor") translates
with weight 1. Only stems that occur in the mirror's documents of each language are kept
(the vocabulary of the legal texts kb indexes), and at most MAX_PER_WORD translations per
stem, each with weight >= MIN_WEIGHT.

Each stem also gets a word to write it with (the last two columns): of the wordnet lemmas
that give the stem, the one most frequent in the mirror's documents of its language (the
shortest when none occurs). kb.search writes the question's translation into the other
language with these words for the multilingual embedder, which reads words, not stems.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "kb" / "data" / "lexicon-id-en.tsv"
MAX_PER_WORD = 4
MIN_WEIGHT = 0.12


def english_lemmas(wordnet: Path) -> dict[str, list[str]]:
    """"offset-pos" -> English lemmas, from Princeton WordNet 3.0 data files."""
    out: dict[str, list[str]] = {}
    for name, pos in (("noun", "n"), ("verb", "v"), ("adj", "a"), ("adv", "r")):
        with open(wordnet / f"data.{name}", encoding="latin-1") as fh:
            for line in fh:
                if line.startswith(" "):
                    continue
                fields = line.split()
                offset, count = fields[0], int(fields[3], 16)
                words = [fields[4 + 2 * i].split("(")[0].replace("_", " ").lower() for i in range(count)]
                out[f"{offset}-{pos}"] = words
    return out


def indonesian_lemmas(tab: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    with open(tab, encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3 and parts[1] == "ind:lemma":
                synset = parts[0].replace("-s", "-a")
                out[synset].append(parts[2].strip().lower())
    return out


def corpus_vocabulary(mirror: Path) -> tuple[dict[str, set[str]], dict[str, Counter[str]]]:
    """Stems of the mirrored documents, per language (kb's reader and analyser), and how
    often each lower-cased word occurs in them."""
    import re

    from kb.lang import analyze
    from kb.readers import read

    manifest = json.loads((mirror / "manifest.json").read_text(encoding="utf-8"))
    vocab: dict[str, set[str]] = {"id": set(), "en": set()}
    words: dict[str, Counter[str]] = {"id": Counter(), "en": Counter()}
    for doc in manifest["documents"]:
        lang = doc.get("language", "en")
        text = read(mirror / doc["file"]).text
        vocab[lang].update(analyze(text, lang))
        words[lang].update(w.lower() for w in re.findall(r"[^\W\d_]+", text))
    return vocab, words


def build(tab: Path, wordnet: Path, mirror: Path) -> list[tuple[str, str, float, float, str, str]]:
    from kb.lang import analyze

    english = english_lemmas(wordnet)
    indonesian = indonesian_lemmas(tab)
    vocab, frequency = corpus_vocabulary(mirror)
    lemmas: dict[str, dict[str, set[str]]] = {"id": defaultdict(set), "en": defaultdict(set)}

    def one_stem(word: str, lang: str) -> str | None:
        stems = analyze(word, lang)
        return stems[0] if len(stems) == 1 and len(stems[0]) > 2 and stems[0].isalpha() else None

    pairs: Counter[tuple[str, str]] = Counter()
    id_senses: Counter[str] = Counter()
    en_senses: Counter[str] = Counter()
    for synset, id_words in indonesian.items():
        en_words = english.get(synset)
        if not en_words:
            continue
        ids, ens = set(), set()
        for lang, words, found in (("id", id_words, ids), ("en", en_words, ens)):
            for word in words:
                stem = one_stem(word, lang)
                if stem and stem in vocab[lang]:
                    found.add(stem)
                    lemmas[lang][stem].add(word)
        for i in ids:
            id_senses[i] += 1
        for e in ens:
            en_senses[e] += 1
        for i in ids:
            for e in ens:
                pairs[(i, e)] += 1
    rows = []
    for (i, e), n in pairs.items():
        rows.append((i, e, n / id_senses[i], n / en_senses[e]))
    # at most MAX_PER_WORD translations per stem, in each direction
    keep: set[tuple[str, str]] = set()
    for col, key in ((2, 0), (3, 1)):
        by_word: dict[str, list] = defaultdict(list)
        for row in rows:
            if row[col] >= MIN_WEIGHT:
                by_word[row[key]].append(row)
        for word_rows in by_word.values():
            word_rows.sort(key=lambda r: (-r[col], r[1 - key]))
            keep.update((r[0], r[1]) for r in word_rows[:MAX_PER_WORD])

    def word(stem: str, lang: str) -> str:
        return min(lemmas[lang][stem], key=lambda w: (-frequency[lang][w], len(w), w))

    kept = sorted((r for r in rows if (r[0], r[1]) in keep), key=lambda r: (r[0], -r[2], r[1]))
    return [(i, e, a, b, word(i, "id"), word(e, "en")) for i, e, a, b in kept]


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("tab", type=Path, help="wn-data-ind.tab of Wordnet Bahasa (omw-data wns/msa/)")
    ap.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    ap.add_argument("--mirror", type=Path, default=REPO.parent / "shared" / "corpus")
    args = ap.parse_args(argv)
    rows = build(args.tab, args.wordnet, args.mirror)
    header = [
        "# Indonesian-English lexicon of the legal domain: id stem, en stem, weight id->en, weight en->id,",
        "# id word, en word (the stems' commonest wordnet lemma in the mirror).",
        "# Derived by bench/lexicon.py from Wordnet Bahasa (MIT) and Princeton WordNet 3.0 (WordNet 3.0",
        "# licence); notices in kb/data/LEXICON-LICENSES.txt. Stems as kb.lang.analyze gives them.",
    ]
    OUT.write_text("\n".join(header + [f"{i}\t{e}\t{a:.3f}\t{b:.3f}\t{wi}\t{we}" for i, e, a, b, wi, we in rows]) + "\n", encoding="utf-8")
    print(f"{len(rows)} pairs, {len({r[0] for r in rows})} Indonesian stems, {len({r[1] for r in rows})} English stems -> {OUT}",
          file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
