"""The Indonesian-English word lexicon (kb/data/lexicon-id-en.tsv) as weighted query
translation for the lexical index.

The lexicon is derived from two public wordnets by bench/lexicon.py (Wordnet Bahasa, MIT;
Princeton WordNet 3.0; notices in kb/data/LEXICON-LICENSES.txt), restricted to the
vocabulary of the legal texts kb indexes. Entries are stems as `kb.lang.analyze` gives
them, with a weight per direction (the share of a word's senses that give the
translation), so an ambiguous word spreads its weight over its translations, and with a
word for each stem (its commonest wordnet lemma in the mirror), so a translation can also
be written out for the multilingual embedder (`Lexicon.words`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

LEXICON_FILE = Path(__file__).resolve().parent.parent / "data" / "lexicon-id-en.tsv"


class Lexicon:
    """Translations between Indonesian and English stems, weighted per direction.

    `pairs`: (id stem, en stem, weight id->en, weight en->id) rows, weights in (0, 1];
    `words`: {"id": {stem: word}, "en": {stem: word}}, how each stem is written.
    """

    def __init__(self, pairs: list[tuple[str, str, float, float]], words: dict[str, dict[str, str]] | None = None):
        self._to: dict[str, dict[str, list[tuple[str, float]]]] = {"id": {}, "en": {}}
        self._word: dict[str, dict[str, str]] = words or {"id": {}, "en": {}}
        for id_stem, en_stem, w_id_en, w_en_id in pairs:
            self._to["id"].setdefault(id_stem, []).append((en_stem, w_id_en))
            self._to["en"].setdefault(en_stem, []).append((id_stem, w_en_id))

    @classmethod
    def load(cls, path: Path = LEXICON_FILE) -> "Lexicon":
        pairs = []
        words: dict[str, dict[str, str]] = {"id": {}, "en": {}}
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if not line or line.startswith("#"):
                    continue
                parts = line.split("\t")
                if len(parts) in (4, 6):
                    pairs.append((parts[0], parts[1], float(parts[2]), float(parts[3])))
                if len(parts) == 6:
                    words["id"].setdefault(parts[0], parts[4])
                    words["en"].setdefault(parts[1], parts[5])
        return cls(pairs, words)

    def __len__(self) -> int:
        return sum(len(v) for v in self._to["id"].values())

    def translate(self, stems: list[str], lang: str, limit: int = 48) -> list[tuple[str, float]]:
        """Stems of the other language for a query's stems in `lang`, with weights (a
        translation reached from several query stems adds up, capped at 1); at most
        `limit` of them, best first (a bound on per-query work)."""
        table = self._to.get(lang, {})
        out: dict[str, float] = {}
        for stem in dict.fromkeys(stems):
            for other, weight in table.get(stem, ()):
                out[other] = min(1.0, out.get(other, 0.0) + weight)
        return sorted(out.items(), key=lambda kv: -kv[1])[:limit]

    def strengths(self, stem: str, lang: str) -> dict[str, float]:
        """How surely each stem of the other language translates `stem` (in `lang`):
        {other stem: max(weight from `stem` to it, weight from it back to `stem`)}, in
        (0, 1]. The backward weight counts because an ambiguous word spreads its weight:
        "tahan" gives "detent" 0.008 of its senses, while "detent" has no other
        translation than "tahan" (1.0), so a text saying "detention" does say "penahanan"."""
        other = "en" if lang == "id" else "id"
        out = {o: w for o, w in self._to.get(lang, {}).get(stem, ())}
        for o in list(out):
            back = next((w for s, w in self._to[other].get(o, ()) if s == stem), 0.0)
            out[o] = max(out[o], back)
        return out

    def words(self, stems: list[str], lang: str, min_weight: float, limit: int = 16) -> list[str]:
        """The query's stems in `lang` translated and written as words of the other
        language ("biaya penempatan" -> ["cost", "fee", "placement", …]): translations of
        weight >= `min_weight`, best first, at most `limit`; [] when none."""
        other = "en" if lang == "id" else "id"
        written = self._word[other]
        out = [written[stem] for stem, weight in self.translate(stems, lang) if weight >= min_weight and stem in written]
        return list(dict.fromkeys(out))[:limit]


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return Lexicon.load()
