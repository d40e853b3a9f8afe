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
from collections.abc import Callable
from pathlib import Path

import numpy as np

from ..lang import analyze, remember_stems, stem, tokenize

# a2: PyStemmer pinned below 3 (Snowball 2's English stems): an index built while PyStemmer
# 3 was installed holds other stems, so it is rebuilt.
ANALYZER_VERSION = "a3-sastrawi-snowball2-folded"
# The Indonesian stems of every word of a generation's units and of the glossary
# (queries and glossary terms are analysed as Indonesian too, whatever their language).
STEMS_FILE = "stems-id.json"
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

    FILES = ("data.csc.index.npy", "indices.csc.index.npy", "indptr.csc.index.npy", "vocab.index.json",
             "params.index.json", "kb-lexical.json")

    @classmethod
    def load(cls, directory: Path, check: Callable[[str], Path] | None = None) -> "LexicalIndex":
        """Open a saved index; its arrays are memory-mapped. `check(name)` returns a file's
        path once verified (an index generation's checksums); it raises on damage.
        Raises IndexDamaged when the files do not fit together."""
        from ..errors import IndexDamaged

        path = check or (lambda name: directory / name)
        try:
            meta = json.loads(path("kb-lexical.json").read_text(encoding="utf-8"))
            vocab = json.loads(path("vocab.index.json").read_text(encoding="utf-8"))
            # Memory-mapped, seen as plain arrays (slicing a np.memmap costs ~20 us of Python
            # per slice: thousands per query on a large index).
            data, indices, indptr = (np.asarray(np.load(path(f"{name}.csc.index.npy"), mmap_mode="r",
                                                        allow_pickle=False))
                                     for name in ("data", "indices", "indptr"))
            size = int(meta["size"])
            if not isinstance(vocab, dict) or indptr.ndim != 1 or data.shape != indices.shape \
                    or len(indptr) not in (len(vocab), len(vocab) + 1) or int(indptr[-1]) != data.shape[0]:
                raise ValueError("its arrays do not fit together")
        except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
            raise IndexDamaged(f"the lexical index in {directory} is damaged ({exc.__class__.__name__}: {exc}); "
                               "run `kb index` to rebuild it") from None
        return cls(vocab, data, indices, indptr, size)

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


def stem_table(texts, previous: dict[str, str] | None = None) -> dict[str, str]:
    """Indonesian stem of every word of `texts` and of the glossary that the stemmer would
    change or look up (alphabetic, longer than 3 letters); entries of a previous table are
    reused, so an incremental build stems only new words."""
    from ..lang.glossary import GLOSSARY_FILE

    words: set[str] = set()
    for text in texts:
        words.update(w for w in tokenize(text) if len(w) > 3 and w.isalpha())
    try:
        words.update(w for w in tokenize(GLOSSARY_FILE.read_text(encoding="utf-8")) if len(w) > 3 and w.isalpha())
    except OSError:
        pass
    # Stopwords are stemmed too when glossary terms are matched (they stay inside terms).
    from ..lang.stopwords import STOPWORDS

    words.update(w for stops in STOPWORDS.values() for w in stops if len(w) > 3 and w.isalpha())
    previous = previous or {}
    return {w: previous[w] if w in previous else stem(w, "id") for w in sorted(words)}


def write_stem_table(path: Path, table: dict[str, str]) -> None:
    path.write_text(json.dumps({"analyzer": ANALYZER_VERSION, "id": table}, ensure_ascii=False), encoding="utf-8")


def read_stem_table(path: Path) -> dict[str, str] | None:
    """A generation's stem table, or None when absent or from another analyser."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("analyzer") != ANALYZER_VERSION or not isinstance(data.get("id"), dict):
        return None
    return data["id"]


def use_stem_table(table: dict[str, str]) -> None:
    remember_stems("id", table)
