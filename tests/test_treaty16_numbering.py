"""Treaties as a public treaty store prints them (round 16; statengeneraal/laws-markdown,
120 English treaties and conventions read: 4 lost or mis-filed articles, 2 after).

- An agreement whose articles 4-6 were repealed (Article 1, 2, 3, then 7 … 16) kept only
  7-16 as articles: the numbering's jump was read as the end of one sequence and 1-3 were
  filed in the preamble.
- A convention with a schedule printed after Part VI (a list of occupational diseases)
  and its Part VII going on with Article 45 filed every later article as "Schedule
  Article 45" ….
The texts below are ours, in the shapes of those documents."""

from __future__ import annotations

import tempfile
from pathlib import Path

from kb.models import Document
from kb.readers import read
from kb.structure import parse_document


def _parse(text: str):
    """Read a Markdown file through kb's reader, then the treaty parser (as `kb add` does)."""
    doc = Document(id="t16", title="Test agreement", citation="Test agreement", family="bilateral", language="en")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "agreement.md"
        path.write_text(text, encoding="utf-8")
        return parse_document(doc, read(path))


REPEALED_MIDDLE = """####Agreement between the Government of Aland and the Government of Borduria on road transport

The Government of Aland and the Government of Borduria, desiring to promote road transport between their countries, have agreed as follows:

###I

####Transport of passengers

### Article 1

Passenger transport is not subject to licensing, except the services in Article 2.

### Article 2

1. Regular services shall be subject to prior licensing.
2. The licence shall be issued by the competent authority.

###II

####Transport of goods

### Article 3

Each Party shall allow carriers of the other Party to carry goods without a licence.

### Article 7

A special permit is needed for vehicles exceeding the permissible weights.

### Article 8

A carrier may not carry goods between two points in the territory of the other Party.

### Article 9

The special permits shall be issued by the competent authorities.

### Article 10

This Agreement shall enter into force on the first day of the second month after signature.
"""


def test_articles_before_a_gap_in_the_numbering_are_articles():
    parsed = _parse(REPEALED_MIDDLE)
    names = [u.unit for u in parsed.units]
    assert names[:4] == ["Preamble", "Article 1", "Article 2", "Article 3"]
    assert names[4:8] == ["Article 7", "Article 8", "Article 9", "Article 10"]
    preamble = parsed.units[0].text
    assert "Passenger transport is not subject" not in preamble and "carry goods" not in preamble
    assert "Regular services" in parsed.units[2].text


def test_a_reference_before_the_articles_does_not_start_a_run():
    # "Article 1" and "Article 2" named in the preamble's sentence are no headings
    text = REPEALED_MIDDLE.replace("have agreed as follows:", "recalling Article 1 and\nArticle 2 of the 1970 Agreement, have agreed as follows:")
    names = [u.unit for u in _parse(text).units]
    assert names.count("Article 1") == 1 and names.count("Article 2") == 1


SCHEDULE_INSIDE = """####Code of social security

The member States, considering that it is desirable to harmonise social charges, have agreed as follows:

### PART I

####GENERAL PROVISIONS

### Article 1

In this Code the term "prescribed" means determined by national legislation.

### Article 2

Each Party shall apply Part I and at least six of Parts II to VII.

### PART VI

####WORK ACCIDENT BENEFIT

### Article 3

The contingencies covered shall include a morbid condition due to a work accident.

### Article 4

Periodical medical tests shall be required of workers exposed to the risk of disease.

####SCHEDULE TO PART VI

*List of occupational diseases*

| Disease | Work involving exposure |
| 1. Diseases caused by lead | All work involving exposure to lead |
| 2. Hearing impairment caused by noise | All work involving exposure to noise |

### PART VII

####FAMILY BENEFIT

### Article 5

The contingency covered shall be responsibility for the maintenance of children.

### Article 6

The benefit shall be a periodical payment.

In witness whereof the undersigned have signed this Code.
"""


def test_the_instruments_articles_go_on_after_a_schedule_printed_between_parts():
    parsed = _parse(SCHEDULE_INSIDE)
    names = [u.unit for u in parsed.units]
    assert "Article 5" in names and "Article 6" in names
    assert not any(n.startswith("Schedule Article") for n in names)
    schedule = next(u for u in parsed.units if u.unit == "Schedule")
    assert "Diseases caused by lead" in schedule.text and "maintenance of children" not in schedule.text
    art5 = next(u for u in parsed.units if u.unit == "Article 5")
    assert "Part VII" in " ".join(art5.heading)
    assert parsed.audit.share < 0.02


def test_an_annex_with_its_own_articles_does_not_resume_the_instrument():
    # an annex numbering its articles anew, in parts of its own, stays the annex's
    text = SCHEDULE_INSIDE.replace("### PART VII", "### PART I").replace("### Article 5", "### Article 1").replace(
        "### Article 6", "### Article 2")
    names = [u.unit for u in _parse(text).units]
    assert "Schedule Article 1" in names and "Schedule Article 2" in names


INSERTED = """AGREEMENT BETWEEN ALAND AND BORDURIA ON LABOUR

The Parties have agreed as follows:

Article 1

The scope of this Agreement is labour.

Article 2

Workers shall be paid monthly.

Article 2a

Workers shall rest one day a week.

Article 3

Disputes shall be settled by consultation.

Article 3 bis

Consultations shall start within thirty days.

Article 3ter

The Parties shall report every year.

Article 4

This Agreement enters into force on signature.
"""


def test_inserted_articles_are_units_of_their_own():
    parsed = _parse(INSERTED)
    names = [u.unit for u in parsed.units]
    assert names == ["Preamble", "Article 1", "Article 2", "Article 2A", "Article 3", "Article 3bis", "Article 3ter",
                     "Article 4"]
    by = {u.unit: u.text for u in parsed.units}
    assert "rest one day" not in by["Article 2"] and "rest one day" in by["Article 2A"]
    assert "thirty days" in by["Article 3bis"] and "thirty days" not in by["Article 3"]


def test_inserted_articles_are_cited_as_printed():
    from kb.citations import parse_citation

    doc = Document(id="mou-x", title="Agreement between Aland and Borduria on labour", citation="Aland-Borduria Agreement",
                   family="bilateral", language="en")
    for text, unit in [("Aland-Borduria Agreement art. 2a", "Article 2A"), ("Article 3 bis Aland-Borduria Agreement", "Article 3bis"),
                       ("What does article 3ter(2) of the Aland-Borduria Agreement say?", "Article 3ter"),
                       ("Aland-Borduria Agreement article 3 besides", "Article 3")]:
        assert parse_citation(text, [doc]).unit == unit, text


GAPS = """CONVENTION CONCERNING MINIMUM STANDARDS

The General Conference, having decided upon the adoption of proposals, adopts the following Convention:

PART I. GENERAL PROVISIONS

Article 1

In this Convention the term "prescribed" means determined by national legislation.

Article 2

Each Member shall comply with Part I.

PART IV. UNEMPLOYMENT BENEFIT

Article 19

Each Member shall secure unemployment benefit.

Article 20

The contingency covered shall include suspension of earnings.

PART VII. FAMILY BENEFIT

Article 39

Each Member shall secure family benefit.

Article 40

The contingency covered shall be responsibility for children.

Article 41

The persons protected shall comprise employees.
"""


def test_articles_of_parts_a_state_left_out_keep_their_numbers():
    # a ratified text printing only the Parts the State accepted: 1-2, 19-20, 39-41
    names = [u.unit for u in _parse(GAPS).units]
    assert [n for n in names if n.startswith("Article")] == ["Article 1", "Article 2", "Article 19", "Article 20",
                                                             "Article 39", "Article 40", "Article 41"]


INLINE = """MEMORANDUM OF UNDERSTANDING BETWEEN ALAND AND BORDURIA ON DOMESTIC WORKERS

The Parties have agreed as follows:

Article 1 Objective. This Memorandum protects domestic workers placed in Borduria.
Article 2: No placement fees shall be charged to the worker.
ARTICLE 3 - Passports: Workers keep their own passports at all times.
Article 4. Disputes shall be settled by consultation. Article 5 of the Convention applies as well.
"""


def test_article_headings_with_their_text_on_the_same_line():
    """A new user's MoU typed in a word processor: each article's heading and text on one
    line. It was read by the generic parser as one "para 1"; `kb show "… Article 2"` gave
    "para. 2"."""
    parsed = _parse(INLINE)
    by = {u.unit: u for u in parsed.units}
    assert [n for n in by if n.startswith("Article")] == ["Article 1", "Article 2", "Article 3", "Article 4"]
    assert by["Article 1"].title == "Objective" and by["Article 1"].text.startswith("This Memorandum protects")
    assert by["Article 2"].text == "No placement fees shall be charged to the worker."
    assert by["Article 3"].title == "Passports" and by["Article 3"].text.startswith("Workers keep")
    assert "Article 5 of the Convention applies" in by["Article 4"].text  # a reference inside the text stays text
    assert parsed.audit.share < 0.05


def test_a_signature_table_after_the_last_article_is_the_final_clause(tmp_path):
    """A Word MoU signed in a table with no "IN WITNESS WHEREOF": the table's text was the
    last article's, and quoted as "art. 3bis" for an unrelated question."""
    import docx

    document = docx.Document()
    for text in ("MEMORANDUM OF UNDERSTANDING BETWEEN ALAND AND QUX ON CARE WORKERS", "Article 1", "Scope",
                 "This Memorandum applies to care workers.", "Article 2", "Insurance",
                 "The employer shall insure the care worker against accidents at work."):
        document.add_paragraph(text)
    table = document.add_table(rows=2, cols=2)
    for row, cells in enumerate((("For the Government of Aland", "For the Government of the Kingdom of Qux"),
                                 ("Signed: Minister A", "Signed: Minister B"))):
        for col, text in enumerate(cells):
            table.cell(row, col).text = text
    path = tmp_path / "mou.docx"
    document.save(path)
    doc = Document(id="t16", title="MoU", citation="MoU", family="bilateral", language="en")
    parsed = parse_document(doc, read(path))
    by = {u.unit: u.text for u in parsed.units}
    assert by["Article 2"].endswith("accidents at work.")
    assert "Minister A" in by["Final clause"] and "For the Government of Aland" in by["Final clause"]
