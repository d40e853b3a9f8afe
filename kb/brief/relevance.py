"""Whether a quote found by search for an issue made from a unit's own words (a
recommendation, a cited provision, an article) is on the issue's subject.

Search always returns the closest units of every family, and `kb ask`'s abstention is
calibrated for people's questions, not for a recommendation's hundred words: in-domain
text is always "close". A quote found that way is kept only when it shares at least
MIN_SHARED distinctive terms with the issue's text — stems in the same language, or the
glossary's concepts both name, in either language ("paspor" and "passport" share the
concept "passport"), with the broader concepts the words of a longer term name
("recruitment" in "recruitment fees" names "recruitment agency"). A concept counts once
however many of its names occur, and not at all when the text names it only by function
words ("within", one name of "no later than"). At least one shared meaning must be a
glossary concept (a term of the domain) — for the quote `kb ask` scores best, that one
concept suffices —, else MIN_STEMS_ONLY plain words are needed: generic legal language
("application", "publish", "resources") matches across unrelated instruments. Words and
concepts every text of the domain uses (migrant worker, State party, Committee,
protection, Pasal, right, law) do not count.
Quotes the issue cites explicitly are not filtered; quotes for a person's topic pass the
looser `on_topic`.
"""

from __future__ import annotations

from functools import lru_cache

from ..lang import analyze
from ..lang.glossary import default_glossary

# Chosen on the recommendations of the XYZ fixtures, checked on the VLD ones (README,
# "Measured: briefs").
MIN_SHARED = 2
MIN_STEMS_ONLY = 3

_COMMON = {
    "en": ("migrant migrants worker workers member members family families state states party parties committee "
           "convention article articles paragraph paragraphs shall may right rights protection protect ensure "
           "measure measures take taken need needed recommend recommends recommendation recommendations concluding "
           "observation observations present previous implement implementation including include law laws "
           "legislation regulation regulations provision provisions national international government adopt "
           "adequate appropriate effective relevant particular accordance also concern concerned regret notes "
           "report reports information provide general comment comments country countries persons person "
           "citizen citizens contain contains determine determined establish set time case cases action actions "
           "responsibility responsibilities"),
    "id": ("pekerja migran indonesia anggota keluarga pasal ayat huruf angka undang negara pemerintah dimaksud "
           "sebagaimana hak pelindungan perlindungan ketentuan peraturan perundang-undangan dalam terhadap sesuai "
           "melalui paling dilakukan memberikan setiap orang pusat daerah republik calon warga tki pmi tenaga kerja "
           "negara pihak komite rekomendasi tanggung jawab penempatan"),
}


@lru_cache(maxsize=1)
def _ubiquitous() -> frozenset[str]:
    out: set[str] = set()
    for lang, words in _COMMON.items():
        out.update(analyze(words, lang, keep_stopwords=True))
    return frozenset(out)


def _concept_key(concept) -> str:
    names = concept.terms.get("en") or concept.terms.get("id") or ("?",)
    return "c:" + names[0]


def _is_common(concept) -> bool:
    """A concept one of whose names is all common words is itself common ("pekerja migran")."""
    common = _ubiquitous()
    return any(all(s in common for s in seq) for lg in ("en", "id") for seq in concept.stems[lg])


@lru_cache(maxsize=8192)
def _broader(word: str, lang: str) -> frozenset[str]:
    """The concepts one word of a longer term names on its own: "biaya" in "biaya
    penempatan" is the concept "cost", as "fees" in "recruitment fees" is."""
    return frozenset(_concept_key(c) for c in default_glossary().expand(word, lang).concepts if not _is_common(c))


@lru_cache(maxsize=4096)
def terms(text: str, lang: str) -> frozenset[str]:
    """Distinctive meanings of a text: each glossary concept it names counts once
    ("c:recruitment fee", in either language), with the broader concepts the words of a
    longer term name ("c:cost"); each other content stem once ("s:statist"). The
    domain's ubiquitous words and concepts do not count."""
    common = _ubiquitous()
    out: set[str] = set()
    covered: set[str] = set()  # stems the text's concepts account for (only those it uses)
    tokens = " " + " ".join(analyze(text, lang, keep_stopwords=True)) + " "
    for concept in default_glossary().expand(text, lang).concepts:
        names = list(zip(concept.terms[lang], concept.stems[lang]))
        used = [(term, seq) for term, seq in names if f" {' '.join(seq)} " in tokens]
        covered.update(s for _term, seq in used for s in seq)
        if _is_common(concept):
            continue
        if used and not any(analyze(term, lang) for term, _seq in used):
            continue  # named only by function words ("within" for "no later than"): no subject
        out.add(_concept_key(concept))
        for term, _seq in used or names:  # the names the text uses (all, if none is seen as such)
            words = term.split()
            if len(words) > 1:
                for word in words:
                    out |= _broader(word, lang)
    out.update(f"s:{s}" for s in analyze(text, lang)
               if len(s) > 2 and not s.isdigit() and s not in common and s not in covered)
    return frozenset(out)


def shared(issue: frozenset[str], text: str, lang: str) -> set[str]:
    """Meanings a quote shares with the issue's (`terms(issue_text, issue_lang)`)."""
    return set(issue & terms(text, lang))


def on_topic(topic: frozenset[str], text: str, lang: str, best: bool = False) -> bool:
    """Whether a quote found for a person's topic touches it: the quote `ask` scores best
    for a kind of document is kept as `ask` chose it (its abstention is calibrated for
    people's questions, and a glossary gap must not empty a block); each further quote
    must share at least one distinctive meaning with the topic (`terms(topic, lang)`):
    a topic of two subjects ("recruitment fees and passport retention") otherwise fills
    the block with what the embedding of the pair lands near (repatriation)."""
    return best or bool(topic & terms(text, lang))


def on_subject(issue: frozenset[str], text: str, lang: str, best: bool = False) -> bool:
    """Whether a quote is on the issue's subject (see the module docstring). `best`: the
    quote search ranks first for the issue, which one shared concept suffices for."""
    both = shared(issue, text, lang)
    if any(k.startswith("c:") for k in both):
        return len(both) >= (1 if best else MIN_SHARED)
    return len(both) >= MIN_STEMS_ONLY
