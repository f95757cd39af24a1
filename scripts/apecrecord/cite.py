"""How a statement is cited: a formatted reference, BibTeX, CSL-JSON and schema.org JSON-LD.

One module so that the "Cite" box on a statement page, the Method page's example, the
per-statement JSON and the JSON-LD embedded in pages can never disagree. Everything here is plain
data; escaping for a particular format happens in the function that writes that format.

Addresses: a citation is only useful off the site when its address is absolute, so ``base`` is
the site's absolute address (``site_url``) or None. With None, files that leave the site (JSON,
CSV, feed, JSON-LD) carry no address rather than a relative one, and pages pass
``SITE_PLACEHOLDER``, which a small script on the page replaces with the address the page is
read at.
"""

from __future__ import annotations

import re
from typing import Any

from apecrecord.crossref import CrossRef
from apecrecord.escape import bibtex_value, json_in_script
from apecrecord.model import DateSpec, Source, Statement, format_date
from apecrecord.render.parts import statement_title, whose_words

SITE_TITLE = "APEC 2025 Statements"
#: Stands for the site's address in pages built without ``site_url``; never in a published file.
SITE_PLACEHOLDER = "<this site>/"
_PARAGRAPH = "para."


def page_path(statement_id: str) -> str:
    """The statement page's site-relative URL path; stable for as long as the id is."""
    return f"statements/{statement_id}/"


def site_base(site_url: str | None) -> str | None:
    """The site's absolute address ending in one slash, or None when it is not configured."""
    if not site_url or not re.match(r"^https?://[^/]", site_url):
        return None
    return site_url.rstrip("/") + "/"


def permanent_url(statement_id: str, base: str | None) -> str | None:
    """The statement page's absolute address, or None when the site's address is unknown."""
    return base + page_path(statement_id) if base else None


def _published(date: DateSpec | None) -> str:
    if date is None:
        return "date not stated"
    return date.describe() if date.date else f"undated ({date.describe()})"


def pinpoint(statement: Statement) -> str:
    """The paragraphs a statement cites, as printed: ``para. 3`` or ``para. 3, 4``."""
    return f"{_PARAGRAPH} {', '.join(str(n) for n in statement.paragraphs)}"


def _outlet(source: Source, ref: CrossRef) -> str:
    publisher = ref.actors.get(source.publisher)
    return publisher.name if publisher else source.publisher


def _source_line(source: Source, ref: CrossRef) -> str:
    title = f"“{source.title}”" if source.title else "headline not stated"
    return f"{_outlet(source, ref)}, {title}, {_published(source.published)}"


def _creator(statement: Statement, ref: CrossRef) -> tuple[str, str]:
    """Who wrote the cited words, and their actor kind: the reporter for reported speech.

    Reported speech is the reporter's sentence about what someone said, so citations name the
    reporter as the author and say whom they report (see ``whose_words``).
    """
    actor_id = statement.reported_by if statement.attribution == "reported-speech" else statement.speaker
    actor = ref.actors.get(actor_id)
    return (actor.name if actor else actor_id), (actor.kind if actor else "person")


def citation_text(statement: Statement, ref: CrossRef, base: str | None, accessed: str | None = None) -> str:
    """The formatted citation shown on the page and in the per-statement JSON."""
    source = ref.sources[statement.source]
    title = statement_title(statement, ref)
    title = title if title[-1:] in ".?!" else title + "."
    quote = statement.quote if statement.quote[-1:] in ".?!" else statement.quote + "."
    where = f"In {SITE_TITLE}, statement {statement.id}"
    url = permanent_url(statement.id, base)
    if url:
        where += f", {url}"
        if accessed:
            where += f" (accessed {format_date(accessed)})"
    return (
        f"{whose_words(statement, ref)}. “{title}” {_source_line(source, ref)}, {pinpoint(statement)}: "
        f"“{quote}” {where}."
    )


def _bibtex_title(value: str) -> str:
    """Escaped, with every word that holds a capital in braces so sentence-case styles keep it."""
    words = bibtex_value(value).split(" ")
    return " ".join("{" + word + "}" if any(ch.isupper() for ch in word) else word for word in words)


def bibtex(statement: Statement, ref: CrossRef, base: str | None, accessed: str | None = None) -> str:
    """A ``@misc`` entry: BibTeX's fields plus biblatex's ``date`` and ``urldate``."""
    source = ref.sources[statement.source]
    creator, _ = _creator(statement, ref)
    published = source.published.date if source.published and source.published.date else None
    fields = {
        "author": "{" + bibtex_value(creator) + "}",
        "title": _bibtex_title(statement_title(statement, ref)),
        "howpublished": _bibtex_title(f"{_source_line(source, ref)}, {pinpoint(statement)}"),
        "year": published[:4] if published else "",
        "month": format_date(published[:7]).split()[0] if published and len(published) >= 7 else "",
        "date": published or "",
        "note": _bibtex_title(
            f"{whose_words(statement, ref)}: “{statement.quote}”. {SITE_TITLE}, statement {statement.id}"
        ),
        "url": permanent_url(statement.id, base) or "",
        "urldate": accessed if accessed and base else "",
    }
    body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields.items() if value)
    return f"@misc{{{statement.id},\n{body}\n}}"


def _csl_date(date: DateSpec | None) -> dict[str, Any] | None:
    if date is None or not date.sort_key:
        return None
    parts = [int(p) for p in date.sort_key.split("-")]
    if date.date:
        return {"date-parts": [parts]}
    return {"date-parts": [parts], "circa": True}


def csl_json(statement: Statement, ref: CrossRef, base: str | None, accessed: str | None = None) -> dict[str, Any]:
    """A CSL-JSON item, valid against the CSL data schema.

    The paragraph is the item's ``locator`` (which the schema allows, for tools that read it) and
    its ``section`` as printed text, ``para. 10``: CSL styles print an item's section, while a
    locator is only printed when it comes with a citation.
    """
    source = ref.sources[statement.source]
    creator, _ = _creator(statement, ref)
    item: dict[str, Any] = {
        "id": statement.id,
        "type": "article-newspaper",
        "title": statement_title(statement, ref),
        "author": [{"literal": creator}],
        "container-title": _outlet(source, ref),
        "section": pinpoint(statement),
        "locator": ", ".join(str(n) for n in statement.paragraphs),
        "note": f"{whose_words(statement, ref)}: “{statement.quote}” {SITE_TITLE}, statement {statement.id}.",
    }
    url = permanent_url(statement.id, base)
    if url:
        item["URL"] = url
        if accessed:
            item["accessed"] = {"date-parts": [[int(p) for p in accessed.split("-")]]}
    issued = _csl_date(source.published)
    if issued:
        item["issued"] = issued
    return item


def dataset_citation(version: str, date: str | None, base: str | None) -> str:
    """How to cite the data release as a whole (Downloads page; CITATION.cff says the same)."""
    year = f" ({date[:4]})" if date else ""
    released = f", released {format_date(date)}" if date else ""
    address = f", {base}downloads/" if base else ""
    return f"The APEC 2025 Statements contributors{year}. {SITE_TITLE}, data version {version}{released}{address}."


def _source_ld(source: Source, ref: CrossRef) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "OpinionNewsArticle" if source.kind == "op-ed" else "NewsArticle",
        "name": source.label,
        "publisher": {"@type": "Organization", "name": _outlet(source, ref)},
        "inLanguage": source.language,
    }
    if source.title:
        data["headline"] = source.title
    if source.published and source.published.date:
        data["datePublished"] = source.published.date
    if source.url:
        data["url"] = source.url
    authors = [ref.actors[a].name for a in source.authors if a in ref.actors]
    if authors:
        data["author"] = [{"@type": "Person", "name": name} for name in authors]
    return data


def source_json_ld(source: Source, ref: CrossRef) -> dict[str, Any]:
    return {"@context": "https://schema.org", **_source_ld(source, ref)}


def _agent(name: str, kind: str) -> dict[str, str]:
    return {"@type": "Person" if kind == "person" else "Organization", "name": name}


def statement_json_ld(statement: Statement, ref: CrossRef, base: str | None) -> dict[str, Any]:
    """A schema.org ``Quotation``; for reported speech the reporter is its creator.

    schema.org has no property for "reported by": ``creator`` is whoever wrote the words, so for
    reported speech it is the reporter and the person reported is what the quotation is
    ``about``; ``spokenByCharacter`` (who says the words) is only used for a speaker's own words.
    """
    creator, creator_kind = _creator(statement, ref)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Quotation",
        "identifier": statement.id,
        "name": statement_title(statement, ref),
        "text": statement.quote,
        "abstract": statement.summary,
        "creator": _agent(creator, creator_kind),
        "description": f"{whose_words(statement, ref)}; {pinpoint(statement)}",
        "isBasedOn": _source_ld(ref.sources[statement.source], ref),
        "keywords": [ref.themes[t].name for t in statement.themes if t in ref.themes],
    }
    speaker = ref.actors.get(statement.speaker)
    speaker_agent = _agent(speaker.name if speaker else statement.speaker, speaker.kind if speaker else "person")
    if statement.attribution == "reported-speech":
        data["about"] = speaker_agent
    else:
        data["spokenByCharacter"] = speaker_agent
    url = permanent_url(statement.id, base)
    if url:
        data["url"] = url
    event = ref.events.get(statement.event) if statement.event else None
    if event is not None:
        data["recordedAt"] = {"@type": "Event", "name": event.name}
        if event.start:
            data["recordedAt"]["startDate"] = event.start
        if event.place:
            data["recordedAt"]["location"] = {"@type": "Place", "name": event.place}
    return data


def script_tag(data: dict[str, Any]) -> str:
    """JSON-LD in a script element that no string inside it can close early."""
    return f'<script type="application/ld+json">{json_in_script(data)}</script>'
