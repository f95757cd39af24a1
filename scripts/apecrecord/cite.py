"""How a statement is cited: a formatted reference, BibTeX, CSL-JSON and schema.org JSON-LD.

One module so that the "Cite" box on a statement page, the per-statement JSON and the JSON-LD
embedded in pages can never disagree. Everything here is plain data; escaping for a particular
format happens in the function that writes that format.
"""

from __future__ import annotations

from typing import Any

from apecrecord.crossref import CrossRef
from apecrecord.escape import bibtex_value, json_in_script
from apecrecord.model import DateSpec, Source, Statement

SITE_TITLE = "APEC 2025 Statements"
_PARAGRAPH = "para."


def page_path(statement_id: str) -> str:
    """The statement page's site-relative URL path; stable for as long as the id is."""
    return f"statements/{statement_id}/"


def permanent_url(statement_id: str, site_url: str | None) -> str:
    """Absolute when the site's address is configured, else the path from the site's root."""
    base = site_url.rstrip("/") + "/" if site_url else "/"
    return base + page_path(statement_id)


def _who(statement: Statement, ref: CrossRef) -> str:
    speaker = ref.actors.get(statement.speaker)
    name = speaker.name if speaker else statement.speaker
    if statement.attribution == "reported-speech":
        reporter = ref.actors.get(statement.reported_by)
        return f"{name}, as reported by {reporter.name if reporter else statement.reported_by}"
    return name


def _published(date: DateSpec | None) -> str:
    if date is None:
        return "date not stated"
    return date.describe() if date.date else f"undated ({date.describe()})"


def _pinpoint(statement: Statement) -> str:
    return f"{_PARAGRAPH} {', '.join(str(n) for n in statement.paragraphs)}"


def _source_line(source: Source, ref: CrossRef) -> str:
    publisher = ref.actors.get(source.publisher)
    outlet = publisher.name if publisher else source.publisher
    title = f"“{source.title}”" if source.title else "headline not stated"
    return f"{outlet}, {title}, {_published(source.published)}"


def citation_text(statement: Statement, ref: CrossRef, site_url: str | None) -> str:
    source = ref.sources[statement.source]
    quote = statement.quote if statement.quote[-1:] in ".?!" else statement.quote + "."
    return (
        f"{_who(statement, ref)}. “{quote}” {_source_line(source, ref)}, {_pinpoint(statement)}. "
        f"In {SITE_TITLE}, statement {statement.id}, {permanent_url(statement.id, site_url)}."
    )


def bibtex(statement: Statement, ref: CrossRef, site_url: str | None) -> str:
    source = ref.sources[statement.source]
    publisher = ref.actors.get(source.publisher)
    speaker = ref.actors.get(statement.speaker)
    fields = {
        "author": "{" + bibtex_value(speaker.name if speaker else statement.speaker) + "}",
        "title": bibtex_value(statement.quote),
        "journal": bibtex_value(publisher.name if publisher else source.publisher),
        "year": (source.published.sort_key[:4] if source.published and source.published.sort_key else ""),
        "note": bibtex_value(
            f"{_who(statement, ref)}; {source.label}; {_pinpoint(statement)}; {SITE_TITLE} statement {statement.id}"
        ),
        "url": permanent_url(statement.id, site_url),
    }
    body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields.items() if value)
    return f"@article{{{statement.id},\n{body}\n}}"


def _csl_date(date: DateSpec | None) -> dict[str, Any] | None:
    if date is None or not date.sort_key:
        return None
    parts = [int(p) for p in date.sort_key.split("-")]
    if date.date:
        return {"date-parts": [parts]}
    return {"date-parts": [parts], "circa": True}


def csl_json(statement: Statement, ref: CrossRef, site_url: str | None) -> dict[str, Any]:
    source = ref.sources[statement.source]
    publisher = ref.actors.get(source.publisher)
    speaker = ref.actors.get(statement.speaker)
    item: dict[str, Any] = {
        "id": statement.id,
        "type": "article-newspaper",
        "title": statement.quote,
        "author": [{"literal": speaker.name if speaker else statement.speaker}],
        "container-title": publisher.name if publisher else source.publisher,
        "locator": ", ".join(str(n) for n in statement.paragraphs),
        "label": "paragraph",
        "note": f"{_who(statement, ref)}. Source: {source.label}. {SITE_TITLE} statement {statement.id}.",
        "URL": permanent_url(statement.id, site_url),
    }
    issued = _csl_date(source.published)
    if issued:
        item["issued"] = issued
    return item


def _source_ld(source: Source, ref: CrossRef) -> dict[str, Any]:
    publisher = ref.actors.get(source.publisher)
    data: dict[str, Any] = {
        "@type": "OpinionNewsArticle" if source.kind == "op-ed" else "NewsArticle",
        "name": source.label,
        "publisher": {"@type": "Organization", "name": publisher.name if publisher else source.publisher},
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


def statement_json_ld(statement: Statement, ref: CrossRef, site_url: str | None) -> dict[str, Any]:
    speaker = ref.actors.get(statement.speaker)
    creator_type = "Person" if speaker is None or speaker.kind == "person" else "Organization"
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Quotation",
        "identifier": statement.id,
        "text": statement.quote,
        "abstract": statement.summary,
        "creator": {"@type": creator_type, "name": speaker.name if speaker else statement.speaker},
        "isBasedOn": _source_ld(ref.sources[statement.source], ref),
        "url": permanent_url(statement.id, site_url),
        "keywords": [ref.themes[t].name for t in statement.themes if t in ref.themes],
    }
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
