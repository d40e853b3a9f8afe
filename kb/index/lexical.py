"""The lexical index: BM25 (bm25s) over analysed text, one language's analyser per entry.

bm25s stores only token ids; kb keeps the analysis (stopwords, Sastrawi or Snowball stems)
itself, so the same analyser runs at query time and survives a reload.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ..lang import analyze

ANALYZER_VERSION = "a1-sastrawi-snowball"


class LexicalIndex:
    def __init__(self, bm25, size: int):
        self._bm25 = bm25
        self.size = size

    @classmethod
    def build(cls, texts: list[str], langs: list[str], k1: float = 1.2, b: float = 0.75) -> "LexicalIndex":
        import bm25s

        corpus = [analyze(t, lang) or ["∅"] for t, lang in zip(texts, langs)]
        bm25 = bm25s.BM25(k1=k1, b=b, method="lucene")
        bm25.index(corpus, show_progress=False)
        return cls(bm25, len(texts))

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self._bm25.save(str(directory), show_progress=False)
        (directory / "kb-lexical.json").write_text(
            json.dumps({"analyzer": ANALYZER_VERSION, "size": self.size}), encoding="utf-8"
        )

    @classmethod
    def load(cls, directory: Path) -> "LexicalIndex":
        import bm25s

        meta = json.loads((directory / "kb-lexical.json").read_text(encoding="utf-8"))
        bm25 = bm25s.BM25.load(str(directory), show_progress=False)
        return cls(bm25, int(meta["size"]))

    def idf(self, tokens: list[str]) -> dict[str, float]:
        """Inverse document frequency of analysed tokens (0 for tokens never indexed):
        how much a term tells one entry from another."""
        vocab = self._bm25.vocab_dict
        indptr = self._bm25.scores["indptr"]
        out = {}
        for tok in tokens:
            tid = vocab.get(tok)
            df = int(indptr[tid + 1] - indptr[tid]) if tid is not None and tid + 1 < len(indptr) else 0
            out[tok] = float(np.log(1 + (self.size - df + 0.5) / (df + 0.5))) if df else 0.0
        return out

    def knows(self, token: str) -> bool:
        return token in self._bm25.vocab_dict

    def scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 score of every entry for already-analysed query tokens (repeats weigh more)."""
        ids = self._bm25.get_tokens_ids(tokens)
        if not ids:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores_from_ids(ids), dtype=np.float32)
