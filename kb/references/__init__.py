"""Explicit references between documents: which unit cites which article, Pasal or
paragraph, resolved to catalogue units where they are indexed and kept as named targets
where they are not (the Convention's articles stay linkable while its text is absent).

    from kb.references import Reference, extract_all, ReferenceIndex
    refs = extract_all(units, catalog)              # list[Reference]
    index = ReferenceIndex(refs, symbols={})
    index.incoming("icrmw", "Article 21")           # who cites article 21 (ranges included)

`kb.references.links` assembles `kb links`: explicit references in and out, and the most
similar units of every other family (through kb's search), kept apart.
"""

from .extract import KINDS, DocumentNames, Extractor, Host, Reference
from .store import ReferenceIndex, document_symbol, extract_all, read_references, write_references

__all__ = [
    "KINDS", "DocumentNames", "Extractor", "Host", "Reference", "ReferenceIndex", "document_symbol", "extract_all",
    "read_references", "write_references",
]
