"""W3C Web Annotations: every annotation meets the model's MUSTs and re-anchors on the exact quote.

The model's rules are the W3C test suite's own JSON Schemas (vendored under
tests/w3c_web_annotation/, see its README); each MUST assertion the suite lists is run against
every annotation, the collection and its page.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
import rfc3986
import rfc3986.exceptions
import rfc3986.validators
from apecrecord.annotations import (
    COLLECTION_PATH,
    annotation_collection,
    annotation_files,
    archived_text,
    archived_text_path,
)
from apecrecord.check import check_data
from apecrecord.crossref import CrossRef
from apecrecord.publish import site_files
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from tests.conftest import FIXTURE, ROOT, edit

SUITE = Path(__file__).parent / "w3c_web_annotation"
SITE_URL = "https://statements.example.org/apec2025/"


def _registry() -> Registry:
    resources = []
    for path in sorted(SUITE.rglob("*.json")):
        if "samples" in path.parts:
            continue
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema["id"], Resource(contents=schema, specification=DRAFT4)))
    return Registry().with_resources(resources)


REGISTRY = _registry()


_URI_PARTS = ("scheme", "userinfo", "host", "port", "path", "query", "fragment")


def _format_checker(absolute: bool) -> FormatChecker:
    """The suite's ``format: uri``: an absolute URI, or (for a build without a site address) a reference."""
    checker = FormatChecker()

    @checker.checks("uri")
    def is_uri(value: object) -> bool:
        if not isinstance(value, str):
            return True
        validator = rfc3986.validators.Validator().check_validity_of(*_URI_PARTS)
        if absolute:
            validator = validator.require_presence_of("scheme")
        try:
            validator.validate(rfc3986.uri_reference(value))
        except rfc3986.exceptions.ValidationError:
            return False
        return True

    return checker


def _assertions(test_file: str) -> list[dict]:
    listed = json.loads((SUITE / test_file).read_text(encoding="utf-8"))["assertions"]
    return [json.loads((SUITE / name).read_text(encoding="utf-8")) for name in listed]


MUSTS = {
    "annotation": _assertions("annotations/annotationMusts.test"),
    "collection": _assertions("collections/collectionMusts.test"),
    "page": _assertions("collections/pages/pageMusts.test"),
}


@functools.cache
def _validators(kind: str, absolute: bool) -> list[tuple[str, Draft4Validator]]:
    checker = _format_checker(absolute)
    return [(a["id"], Draft4Validator(a, registry=REGISTRY, format_checker=checker)) for a in MUSTS[kind]]


def failed_musts(kind: str, document: object, absolute: bool = True) -> list[str]:
    """The ids of the suite's MUST assertions that ``document`` fails."""
    return [name for name, validator in _validators(kind, absolute) if not validator.is_valid(document)]


def test_the_harness_accepts_the_suites_correct_samples_and_rejects_its_incorrect_ones() -> None:
    failing = set()
    for path in sorted((SUITE / "tools/samples/correct").glob("anno*.json")):
        if failed_musts("annotation", json.loads(path.read_text(encoding="utf-8"))):
            failing.add(path.name)
    # The suite's own schema rejects its Composite, List and Independents targets (their "oneOf"
    # matches twice); the site's annotations use none of them.
    assert failing == {"anno11.json", "anno12.json", "anno13.json"}
    # The page test is run, as the suite's instructions say, on a collection with its page embedded.
    collection = json.loads((SUITE / "tools/samples/correct/collection1.json").read_text(encoding="utf-8"))
    assert failed_musts("collection", collection) == failed_musts("page", collection) == []
    rejected = 0
    incorrect = sorted((SUITE / "tools/samples/incorrect").glob("anno*.json"))
    for path in incorrect:
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            rejected += 1
            continue
        rejected += bool(failed_musts("annotation", document))
    # Some incorrect samples break only SHOULDs or optional features, which the MUST list does not test.
    assert rejected >= len(incorrect) * 2 // 3, (rejected, len(incorrect))


@pytest.fixture(scope="module")
def real_record():
    return check_data(ROOT / "data")[0]


def _with_urls(record):
    """The fixture record as if the record knew the original articles' addresses."""
    sources = [replace(s, url=f"https://news.example.org/{s.id}.html") for s in record.sources]
    return replace(record, sources=sources)


@pytest.mark.parametrize("site_url", [SITE_URL, None])
@pytest.mark.parametrize("which", ["fixture", "fixture-with-urls", "real"])
def test_every_published_annotation_meets_the_models_musts(fixture_record, real_record, which, site_url) -> None:
    record = {"fixture": fixture_record, "fixture-with-urls": _with_urls(fixture_record), "real": real_record}[which]
    absolute = site_url is not None
    files = annotation_files(record, site_url)
    collection = json.loads(files[COLLECTION_PATH])
    assert failed_musts("collection", collection, absolute) == []
    assert failed_musts("page", collection, absolute) == []
    assert collection["total"] == len(collection["first"]["items"]) == len(record.statements)
    for item in collection["first"]["items"]:
        assert failed_musts("annotation", {"@context": collection["@context"], **item}, absolute) == [], item["id"]
    for statement in record.statements:
        own = json.loads(files[f"statements/{statement.id}.annotation.jsonld"])
        assert own["@context"] == "http://www.w3.org/ns/anno.jsonld"
        assert failed_musts("annotation", own, absolute) == [], statement.id


def test_a_broken_annotation_fails_the_musts(fixture_record) -> None:
    annotation = json.loads(annotation_files(fixture_record, SITE_URL)["statements/analyst-openness.annotation.jsonld"])
    del annotation["target"]
    assert "3.1-targetKeyFound.json" in failed_musts("annotation", annotation)
    annotation = json.loads(annotation_files(fixture_record, SITE_URL)["statements/analyst-openness.annotation.jsonld"])
    annotation["target"][0]["selector"][0].pop("exact")
    assert "4.2.4-textQuoteSelectorValid.json" in failed_musts("annotation", annotation)


def reanchor(selector: dict, text: str) -> list[int]:
    """Every start offset where a TextQuoteSelector matches ``text``, as an annotation tool finds it."""
    whole = selector.get("prefix", "") + selector["exact"] + selector.get("suffix", "")
    starts = [m.start() for m in re.finditer(re.escape(whole), text)]
    return [start + len(selector.get("prefix", "")) for start in starts]


def check_anchors(record, files: dict[str, bytes]) -> None:
    """Both selectors of every annotation find exactly the quoted span of the published text."""
    ref = CrossRef.build(record)
    for statement in record.statements:
        annotation = json.loads(files[f"statements/{statement.id}.annotation.jsonld"])
        source = ref.sources[statement.source]
        archived = annotation["target"][-1]
        published = record.archives[source.id].raw.decode("utf-8")  # published byte for byte (test below)
        assert archived["source"].endswith(archived_text_path(source.id))
        quote_selector, position = archived["selector"]
        assert position["type"] == "TextPositionSelector"
        assert quote_selector["type"] == "TextQuoteSelector"
        found = published[position["start"] : position["end"]]
        assert found == quote_selector["exact"]
        # The exact text is the quote (typesetting aside: the check allows curly for straight quotes).
        assert (
            " ".join(found.split()) == " ".join(statement.quote.split()) or found.replace("’", "'") == statement.quote
        )
        assert reanchor(quote_selector, published) == [position["start"]], statement.id
        # The prefix and suffix are the paragraph's own characters: they fit the original page too.
        assert "\n" not in quote_selector.get("prefix", "") + quote_selector.get("suffix", "")
        if statement.context:
            assert statement.context in quote_selector["prefix"]
        if source.url:
            original = annotation["target"][0]
            assert original["source"] == source.url
            assert original["selector"] == quote_selector


def test_selectors_reanchor_on_the_quote_in_the_real_record(real_record) -> None:
    check_anchors(real_record, annotation_files(real_record))


def test_selectors_reanchor_on_the_quote_in_the_fixture_with_contexts_and_urls(fixture_record) -> None:
    record = _with_urls(fixture_record)
    statements = [replace(s, context="Second,") if s.id == "analyst-data-flow" else s for s in record.statements]
    record = replace(record, statements=statements)
    files = annotation_files(record)
    check_anchors(record, files)
    annotation = json.loads(files["statements/analyst-data-flow.annotation.jsonld"])
    assert annotation["target"][0]["selector"]["prefix"].endswith("Second, ")


def test_without_an_address_the_only_target_is_the_archived_text(fixture_record) -> None:
    annotation = json.loads(annotation_files(fixture_record)["statements/analyst-openness.annotation.jsonld"])
    assert [t["source"] for t in annotation["target"]] == ["../sources/op-ed.txt"]


def test_positions_count_in_the_published_archived_text_byte_for_byte(real_record, fixture_record) -> None:
    """The positions are computed on the blocks; they hold because the file published is those blocks."""
    for data, record in ((ROOT / "data", real_record), (FIXTURE / "data", fixture_record)):
        published = site_files(record)
        for source in record.sources:
            on_disk = (data / source.text).read_bytes()
            assert published[archived_text_path(source.id)] == on_disk, source.id
            assert archived_text(record.archives[source.id]).encode("utf-8") == on_disk, source.id


def test_bodies_carry_summary_whose_words_kind_themes_and_the_page(fixture_record) -> None:
    annotation = json.loads(
        annotation_files(fixture_record, SITE_URL)["statements/leader-ai-cooperation.annotation.jsonld"]
    )
    by_purpose = {}
    for body in annotation["body"]:
        by_purpose.setdefault(body.get("purpose"), []).append(body.get("value", body.get("id")))
    assert by_purpose["describing"] == [
        "The leader asks economies to cooperate on governing artificial intelligence.",
        "Whose words: News Agency, reporting The Leader",
    ]
    assert by_purpose["classifying"] == ["Call to action"]
    assert by_purpose["tagging"] == ["Digital economy and AI"]
    assert by_purpose[None] == [SITE_URL + "statements/leader-ai-cooperation/"]


def test_former_ids_get_the_annotation_too(fixture_record) -> None:
    files = annotation_files(fixture_record)
    assert json.loads(files["statements/analyst-free-data.annotation.jsonld"])["id"] == (
        "analyst-data-flow.annotation.jsonld"
    )


# Astral-plane characters count as one code point each (two UTF-16 units): positions count code points.
_WORDS = st.text(alphabet=st.sampled_from("ab ’'\"-—é字😀𝐀"), min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(before=_WORDS, quote=_WORDS.filter(lambda q: q.strip() == q and q.strip()), after=_WORDS)
def test_any_quote_in_any_paragraph_reanchors_exactly(fixture_record, before: str, quote: str, after: str) -> None:
    """Repeated words, look-alike quotes and non-ASCII text: the selectors still find this one span.

    The quote selector uses only the paragraph's own characters, so it is unique whenever the
    paragraph is; the position selector always is.
    """
    archive = fixture_record.archives["op-ed"]
    paragraph = " ".join(f"{before} {quote} {after}".split())
    blocks = tuple(replace(b, text=paragraph) if b.number == 3 else b for b in archive.blocks)
    record = replace(fixture_record, archives={**fixture_record.archives, "op-ed": replace(archive, blocks=blocks)})
    statement = replace(next(s for s in record.statements if s.id == "analyst-single-window"), quote=quote)
    record = replace(record, statements=[statement])
    files = annotation_files(record)
    annotation = json.loads(files[f"statements/{statement.id}.annotation.jsonld"])
    published = archived_text(record.archives["op-ed"])  # what the blocks publish (byte-for-byte test above)
    quote_selector, position = annotation["target"][-1]["selector"]
    assert published[position["start"] : position["end"]] == quote_selector["exact"]
    matches = reanchor(quote_selector, published)
    assert position["start"] in matches
    if published.count(paragraph) == 1:
        assert matches == [position["start"]]


def test_the_collection_is_deterministic(real_record) -> None:
    assert annotation_collection(real_record, None) == annotation_collection(real_record, None)


def test_an_address_and_a_context_written_in_the_yaml_reach_the_annotation(project: Path) -> None:
    """The same through the loader: a source's url and a statement's context, as an editor writes them."""
    url = "https://news.example.org/op-ed.html"
    edit(
        project,
        "data/sources.yaml",
        "    not_stated: [title, outlet, url]\n",
        f"    not_stated: [title, outlet]\n    url: {url}\n"
        "    url_provenance: {identified: The archived text matches the page., recorded: '2026-11-23'}\n",
    )
    # The fixture's analyst-data-flow statement already carries its context, "Second,".
    record, problems = check_data(project / "data")
    assert [p for p in problems if not p.warning] == []
    files = annotation_files(record)
    check_anchors(record, files)
    annotation = json.loads(files["statements/analyst-data-flow.annotation.jsonld"])
    assert annotation["target"][0]["source"] == url
    assert annotation["target"][0]["selector"]["prefix"].endswith("Second, ")


def test_each_statement_page_links_its_annotation(fixture_site: Path, fixture_record) -> None:
    for statement in fixture_record.statements:
        html = (fixture_site / "statements" / statement.id / "index.html").read_text(encoding="utf-8")
        assert f'href="../{statement.id}.annotation.jsonld"' in html
        annotation = json.loads((fixture_site / "statements" / f"{statement.id}.annotation.jsonld").read_text("utf-8"))
        assert annotation["type"] == "Annotation"
    collection = json.loads((fixture_site / COLLECTION_PATH).read_text(encoding="utf-8"))
    assert collection["total"] == len(fixture_record.statements)
