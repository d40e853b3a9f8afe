"""The lexical index: BM25 (bm25s) over analysed text, one language's analyser per entry.

bm25s builds the index and saves its eager score matrix (CSC: per token, the entries that
contain it and their BM25 weight). At query time kb reads those arrays with numpy and
sums them itself: the same computation as bm25s's `get_scores` for the "lucene" method,
without importing bm25s and scipy (0.4 s of every cold `kb search`).

kb keeps the analysis (stopwords, Sastrawi or Snowball stems) itself, so the same
analyser runs at query time and survives a reload.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ..lang import analyze

ANALYZER_VERSION = "a1-sastrawi-snowball"
METHOD = "lucene"  # no non-occurrence term: a query's score is the sum of its tokens' columns


class LexicalIndex:
    def __init__(self, vocab: dict[str, int], data: np.ndarray, indices: np.ndarray, indptr: np.ndarray, size: int,
                 params: dict | None = None):
        self.vocab = vocab
        self.params = params or {}
        self._data = data
        self._indices = indices
        self._indptr = indptr
        self.size = size

    @classmethod
    def build(cls, texts: list[str], langs: list[str], k1: float = 1.2, b: float = 0.75) -> "LexicalIndex":
        import bm25s

        corpus = [analyze(t, lang) or ["∅"] for t, lang in zip(texts, langs)]
        bm25 = bm25s.BM25(k1=k1, b=b, method=METHOD)
        bm25.index(corpus, show_progress=False)
        s = bm25.scores
        return cls(dict(bm25.vocab_dict), s["data"], s["indices"], s["indptr"], len(texts), {"k1": k1, "b": b})

    def save(self, directory: Path) -> None:
        """In bm25s's own file layout, so bm25s.BM25.load can read it too."""
        directory.mkdir(parents=True, exist_ok=True)
        np.save(directory / "data.csc.index.npy", self._data)
        np.save(directory / "indices.csc.index.npy", self._indices)
        np.save(directory / "indptr.csc.index.npy", self._indptr)
        (directory / "vocab.index.json").write_text(json.dumps(self.vocab, ensure_ascii=False), encoding="utf-8")
        (directory / "params.index.json").write_text(
            json.dumps({**self.params, "method": METHOD, "idf_method": METHOD, "num_docs": self.size, "dtype": "float32",
                        "int_dtype": "int32", "backend": "numpy"}), encoding="utf-8"
        )
        (directory / "kb-lexical.json").write_text(
            json.dumps({"analyzer": ANALYZER_VERSION, "size": self.size}), encoding="utf-8"
        )

    @classmethod
    def load(cls, directory: Path) -> "LexicalIndex":
        meta = json.loads((directory / "kb-lexical.json").read_text(encoding="utf-8"))
        vocab = json.loads((directory / "vocab.index.json").read_text(encoding="utf-8"))
        arrays = [np.load(directory / f"{name}.csc.index.npy") for name in ("data", "indices", "indptr")]
        return cls(vocab, *arrays, int(meta["size"]))

    def idf(self, tokens: list[str]) -> dict[str, float]:
        """Inverse document frequency of analysed tokens (0 for tokens never indexed):
        how much a term tells one entry from another."""
        out = {}
        for tok in tokens:
            tid = self.vocab.get(tok)
            df = int(self._indptr[tid + 1] - self._indptr[tid]) if tid is not None and tid + 1 < len(self._indptr) else 0
            out[tok] = float(np.log(1 + (self.size - df + 0.5) / (df + 0.5))) if df else 0.0
        return out

    def knows(self, token: str) -> bool:
        return token in self.vocab

    def scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 score of every entry for already-analysed query tokens (repeats weigh more)."""
        out = np.zeros(self.size, dtype=np.float32)
        for tok in tokens:
            tid = self.vocab.get(tok)
            if tid is None or tid + 1 >= len(self._indptr):
                continue
            a, b = self._indptr[tid], self._indptr[tid + 1]
            out[self._indices[a:b]] += self._data[a:b]
        return out
