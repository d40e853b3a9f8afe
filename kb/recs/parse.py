"""Concluding observations (and lists of issues) -> recommendation records.

Built on the units the UN parser gives (numbered paragraphs, heading path, lettered
parts), following the layout the Committee on Migrant Workers uses:

    A. Introduction / B. Positive aspects / C. Factors and difficulties ...
    D. Principal subjects of concern and recommendations
       1. General measures of implementation (arts. 73 and 84)     <- section, article range
          Data collection                                           <- topic (may carry "(art. 21)")
          12. The Committee is concerned ...                        <- concern
          13. The Committee recommends that the State party: (a) ...; (b) ...
    E. Follow-up and dissemination
          41. ... the recommendations contained in paragraphs 9, 21 (c) and 35 (a) above.

A paragraph is a recommendation when the Committee asks something of the State party
("recommends", "urges", "encourages", "calls upon", "requests", "invites", "reiterates its
recommendation" ... "State party"), wherever it stands except the introduction; the
words before such a verb may state the concern ("While noting ..., the Committee is
concerned ... It recommends ..."): the paragraph then answers its own concern. Otherwise
the concern is the nearest earlier paragraph under the same topic that is not itself a
recommendation. A list of issues gives questions ("Please provide information on ...").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..models import Unit
from ..references.extract import Reference
from .model import Recommendation, Reiteration, SubParagraph

_ASK = re.compile(
    r"\b(?:the\s+committee|it|and)\s+(?:(?:also|further|therefore|again|strongly|once\s+again|furthermore)\s+)*"
    r"(?:recommends?|urges?|encourages?|calls\s+(?:up)?on|requests?|invites?|reiterates\s+its\s+(?:previous\s+)?"
    r"(?:recommendations?|call|request)|recalls\s+its\s+(?:previous\s+)?recommendations?)\b"
    r"(?:(?!(?<!para)(?<!paras)(?<!No)\.\s).){0,240}?(?:\bState\s+part(?:y|ies)\b|\bthat\s+it\b|\bit\s+to\b)",
    re.IGNORECASE | re.DOTALL,
)
_QUESTION = re.compile(r"\b(?:please\s+(?:provide|indicate|explain|describe|inform|clarify|specify|comment|report|elaborate)|"
                       r"the\s+committee\s+(?:would\s+)?(?:wishes|would\s+like)\s+to\s+(?:know|receive))\b", re.IGNORECASE)
_CONCERN = re.compile(r"\b(?:concern|regret|deplor|alarm|notes?\s+with|while\s+(?:noting|welcoming|acknowledging|appreciating)|"
                      r"remains|notes?\s+(?:that|the))", re.IGNORECASE)
_ARTS_IN_HEADING = re.compile(r"\((?:arts?\.|articles?)\s*(?P<list>[^)]*)\)", re.IGNORECASE)
_INTRODUCTION = re.compile(r"^(?:[A-Z]\.\s*)?(?:Introduction|Positive aspects)\b", re.IGNORECASE)
_FOLLOW_UP = re.compile(
    r"(?:within|in)\s+(?:\w+(?:-\w+)?\s+){0,3}(?:years?|months?)\b.{0,200}?\brecommendations?\b.{0,80}?\bparagraphs?\s+"
    r"(?P<list>\d{1,3}(?:\s*\([a-z]{1,4}\)(?:\s*(?:,|and|,\s*and)\s*\([a-z]{1,4}\))*)*"
    r"(?:\s*(?:,|and|,\s*and)\s*\d{1,3}(?:\s*\([a-z]{1,4}\)(?:\s*(?:,|and|,\s*and)\s*\([a-z]{1,4}\))*)*)*)",
    re.IGNORECASE | re.DOTALL,
)
_THEMATIC = re.compile(r"subjects\s+of\s+concern|concerns?\s+and\s+recommendations", re.IGNORECASE)
_LEADING_NUMBER = re.compile(r"^\s*(?:\d{1,2}|[IVXL]{1,5}|[A-Z])\.\s*")
_CO_SYMBOL = re.compile(r"^(?P<stem>.+)/(?P<kind>CO|QPR|LOIPR|Q)/(?P<n>\d+)(?:-(?P<m>\d+))?$")


def symbol_parts(symbol: str) -> tuple[str, str, int] | None:
    """"CMW/C/XYZ/CO/2" -> ("CMW/C/XYZ", "CO", 2); combined reports "CO/2-3" count as 3."""
    m = _CO_SYMBOL.match(symbol or "")
    if not m:
        return None
    return m.group("stem"), m.group("kind"), int(m.group("m") or m.group("n"))


def is_concluding_observations(symbol: str | None, title: str = "") -> bool:
    parts = symbol_parts(symbol or "")
    return (parts is not None and parts[1] == "CO") or title.lower().startswith("concluding observations")


def is_list_of_issues(symbol: str | None, title: str = "") -> bool:
    parts = symbol_parts(symbol or "")
    return (parts is not None and parts[1] in ("QPR", "LOIPR", "Q")) or title.lower().startswith("list of issues")


def parse_articles(listed: str) -> list[str]:
    """"8–35" -> ["8–35"]; "73 and 84" -> ["73", "84"]; "16, 17 and 22" -> three."""
    out: list[str] = []
    for m in re.finditer(r"(\d{1,3})(?:\s*(?:–|—|-|to)\s*(\d{1,3}))?", listed):
        out.append(f"{m.group(1)}–{m.group(2)}" if m.group(2) else m.group(1))
    return out


def _strip_heading(text: str) -> str:
    text = _LEADING_NUMBER.sub("", text)
    return _ARTS_IN_HEADING.sub("", text).strip(" .–-")


def _article_strings(refs: Iterable[Reference]) -> list[str]:
    out: list[str] = []
    for r in refs:
        if r.target_doc != "icrmw" or not r.target_unit or not r.target_unit.startswith("Article "):
            continue
        n = r.target_unit.split()[1]
        label = f"{n}–{r.range_end.split()[1]}" if r.range_end else n
        if label not in out:
            out.append(label)
    return out


def _subparagraphs(unit: Unit) -> list[SubParagraph]:
    top: list[tuple[str, int, int]] = []
    nested: dict[str, list[str]] = {}
    for part in unit.parts:
        labels = re.findall(r"\(([a-z]{1,4})\)", part.locator[len(unit.unit):])
        if len(labels) == 1:
            top.append((labels[0], part.start, part.end))
        elif len(labels) > 1:
            nested.setdefault(labels[0], []).append(labels[-1])
    return [SubParagraph(label, unit.text[start:end].strip(), tuple(nested.get(label, ()))) for label, start, end in top]


def _lead_in(unit: Unit) -> str:
    starts = [p.start for p in unit.parts]
    return unit.text[: min(starts)].strip() if starts else unit.text


def _follow_up(units: list[Unit]) -> dict[int, list[str]]:
    """paragraph -> sub-paragraphs named as priorities ([] = the whole paragraph)."""
    out: dict[int, list[str]] = {}
    for unit in units:
        m = _FOLLOW_UP.search(unit.text)
        if not m:
            continue
        for item in re.finditer(r"(\d{1,3})((?:\s*(?:,|and|,\s*and)?\s*\([a-z]{1,4}\))*)", m.group("list")):
            subs = re.findall(r"\(([a-z]{1,4})\)", item.group(2))
            out.setdefault(int(item.group(1)), []).extend(subs)
    return out


def _para_number(unit: Unit) -> int | None:
    m = re.fullmatch(r"para (\d+)", unit.unit)
    return int(m.group(1)) if m else None


def parse_recommendations(symbol: str, doc_id: str, units: list[Unit], references: list[Reference],
                          kind: str = "recommendation", symbols: dict[str, str] | None = None) -> list[Recommendation]:
    """Recommendation (or, with kind="question", question) records of one document.

    `units` are the document's paragraphs in order, `references` the references found in
    them (kb.references); reiterations are set from explicit references to the same
    State party's earlier concluding observations (similarity is added by
    kb.recs.reiterate). `symbols` maps catalogue ids to UN symbols, for references that
    resolved to a document whose citation is not its symbol."""
    symbols = symbols or {}
    paras = [(n, u) for u in units if (n := _para_number(u)) is not None]
    refs_by_unit: dict[str, list[Reference]] = {}
    for r in references:
        refs_by_unit.setdefault(r.source_unit, []).append(r)
    priorities = _follow_up([u for _, u in paras]) if kind == "recommendation" else {}
    parts = symbol_parts(symbol)
    out: list[Recommendation] = []
    is_rec: dict[int, bool] = {}
    for n, unit in paras:
        if kind == "question":
            asked = bool(_QUESTION.search(unit.text))
        else:
            asked = bool(_ASK.search(unit.text)) and not (unit.heading and _INTRODUCTION.match(unit.heading[-1])) and n != 1
        is_rec[n] = asked
    previous_topic: dict[tuple[str, ...], list[int]] = {}
    for n, unit in paras:
        previous_topic.setdefault(unit.heading, []).append(n)
        if not is_rec[n]:
            continue
        refs = refs_by_unit.get(unit.unit, [])
        section_articles: list[str] = []
        topic_articles: list[str] = []
        for i, heading in enumerate(unit.heading):
            m = _ARTS_IN_HEADING.search(heading)
            if m:
                found = parse_articles(m.group("list"))
                section_articles += [a for a in found if a not in section_articles]
                if i == len(unit.heading) - 1 and not re.match(r"^\d{1,2}\.\s", heading):
                    topic_articles = found  # the topic's own "(art. 21)"
        explicit = _article_strings(refs)
        articles = explicit + [a for a in topic_articles if a not in explicit]
        if not articles:  # nothing more specific: the thematic section's range
            m = next((_ARTS_IN_HEADING.search(h) for h in reversed(unit.heading) if _ARTS_IN_HEADING.search(h)), None)
            articles = parse_articles(m.group("list")) if m else []
        theme, section = "", ""
        topical = [h for h in unit.heading if not re.match(r"^[A-Z]\.\s", h)]
        if topical:
            theme = _strip_heading(topical[-1])
            numbered = [h for h in topical if re.match(r"^\d{1,2}\.\s", h)]
            section = _strip_heading(numbered[-1]) if numbered else ""
        elif unit.heading:
            theme = _strip_heading(unit.heading[-1])
        # the concern it answers
        ask = _ASK.search(unit.text) if kind == "recommendation" else None
        concern: int | None = None
        if ask and _CONCERN.search(unit.text[: ask.start()]):
            concern = n
        else:
            for earlier in reversed(previous_topic[unit.heading][:-1]):
                if not is_rec.get(earlier):
                    concern = earlier
                    break
        rec = Recommendation(
            symbol=symbol, doc_id=doc_id, paragraph=n, text=unit.text, kind=kind, lead_in=_lead_in(unit),
            subparagraphs=_subparagraphs(unit), heading=unit.heading, theme=theme, section=section,
            articles=articles, section_articles=section_articles, explicit_articles=explicit,
            concern=concern, thematic=any(_THEMATIC.search(h) for h in unit.heading), follow_up=n in priorities, follow_up_subparagraphs=sorted(set(priorities.get(n, []))),
            references=refs, pages=unit.pages,
        )
        rec.reiterates = _explicit_reiterations(parts, refs, "recommendation", symbols)
        if not rec.reiterates and concern is not None and concern != n:
            concern_unit = next(u for m_, u in paras if m_ == concern)
            rec.reiterates = _explicit_reiterations(parts, refs_by_unit.get(concern_unit.unit, []), "concern", symbols)
        out.append(rec)
    return out


def _explicit_reiterations(parts, refs: list[Reference], where: str, symbols: dict[str, str]) -> list[Reiteration]:
    """References to the same State party's earlier concluding observations, by paragraph."""
    if parts is None:
        return []
    stem, _kind, cycle = parts
    out: list[Reiteration] = []
    for r in refs:
        symbol = (symbols.get(r.target_doc) if r.target_doc else None) or _symbol_of(r) or ""
        sp = symbol_parts(symbol)
        if sp is None or sp[0] != stem or sp[1] != "CO" or sp[2] >= cycle or not r.target_unit:
            continue
        m = re.match(r"para (\d+)", r.target_unit)
        if not m:
            continue
        item = Reiteration(symbol=symbol, paragraph=int(m.group(1)), locator=r.target_locator or r.target_unit,
                           how="explicit", where=where, doc_id=r.target_doc)
        if item not in out:
            out.append(item)
    return out


def _symbol_of(r: Reference) -> str | None:
    """The UN symbol a reference names (its target's name when that is a symbol)."""
    name = r.target_name or ""
    return name if "/" in name else None
