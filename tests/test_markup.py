"""The page format and HTML builders: pages any engine reads, data shown as exactly its text."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
import yaml
from apecrecord import escape
from apecrecord.render import markup
from apecrecord.render.parts import abbreviate
from hypothesis import example, given
from hypothesis import strategies as st

ANY_TEXT = st.text(max_size=60)
VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "col", "area", "base", "embed", "track"}


class _Tree(HTMLParser):
    """Elements, text and balance of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []
        self.unbalanced = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.unbalanced = True

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(fragment: str) -> _Tree:
    tree = _Tree()
    tree.feed(fragment)
    tree.close()
    assert not tree.unbalanced and not tree.open, fragment
    return tree


@given(ANY_TEXT, ANY_TEXT, st.booleans(), st.lists(ANY_TEXT, max_size=3), st.lists(st.sampled_from(["toc"])))
def test_front_matter_reads_back_the_same_with_or_without_yaml(title, description, searchable, tags, hide) -> None:
    page = markup.page(markup.front_matter(title, description, searchable, tags, hide), "<p>x</p>")
    meta, body = markup.read_front_matter(page)
    assert meta == yaml.safe_load(page.split("---")[1])
    assert body == "<p>x</p>\n"


@given(st.lists(ANY_TEXT, min_size=1, max_size=4))
def test_a_page_body_is_one_html_block_that_markdown_passes_through(values: list[str]) -> None:
    """No blank line inside, so CommonMark keeps it one HTML block, and Python-Markdown leaves it as it is."""
    blocks = [markup.heading(1, markup.text(values[0]), "top")]
    blocks += [markup.text(v) for v in values[1:]]
    blocks.append(markup.code_block("\n\n".join(values)))
    blocks.append(markup.table(["a"], [[markup.text(v)] for v in values]))
    page = markup.page(markup.front_matter("T", "D"), *blocks)
    _, body = markup.read_front_matter(page)
    assert "\n\n" not in body.strip()
    assert parsed(body).tags[0] == "h1"
    converted = markdown.Markdown(extensions=["md_in_html", "attr_list", "tables"]).convert(body)
    assert converted == body.strip()


@given(ANY_TEXT)
def test_a_code_block_shows_and_copies_exactly_its_content(value: str) -> None:
    content = "\n".join(line for line in value.replace("\r", "\n").split("\n"))
    tree = parsed(markup.code_block(content))
    shown = "".join(tree.text)
    # Each line as text: control characters dropped, other line breaks as spaces.
    lines = (escape._LINE_BREAKS.sub(" ", escape._CONTROLS.sub("", line)) for line in content.split("\n"))
    assert shown == "\n".join(lines)


def test_links_are_written_for_directory_urls() -> None:
    assert markup.rel("statements/a.md", "sources/b.md", "p3") == "../../sources/b/#p3"
    assert markup.rel("index.md", "themes/trade.md") == "themes/trade/"
    assert markup.rel("themes/trade.md", "index.md") == "../../"
    assert markup.rel("statements/a.md", "statements/a.json") == "../a.json"
    assert markup.rel("statements/index.md", "downloads/record.csv") == "../downloads/record.csv"


PAGE_PATHS = st.lists(st.sampled_from(["a", "b", "index"]), min_size=1, max_size=4).map(lambda p: "/".join(p) + ".md")


@given(PAGE_PATHS, PAGE_PATHS)
def test_a_link_between_pages_leads_from_one_address_to_the_other(here: str, there: str) -> None:
    import posixpath

    from apecrecord.render import paths

    base = "/site/" + paths.url_of(here)
    assert posixpath.normpath(posixpath.join(base, markup.rel(here, there))) == posixpath.normpath(
        "/site/" + paths.url_of(there)
    )


def test_headings_carry_their_anchor_and_permanent_link() -> None:
    assert markup.heading(2, "Cite this", "cite", searchable=False) == (
        '<h2 data-search-exclude id="cite">Cite this<a class="headerlink" href="#cite" '
        'title="Permanent link">&para;</a></h2>'
    )
    assert 'id="trade-growth"' in markup.heading(2, "Trade &amp; <em>growth</em>")


def test_glossary_terms_are_explained_in_text_only() -> None:
    definitions = {"NQPF": "new ‹quality› productive forces", "AI": 'a "machine"'}
    page = (
        "<p>NQPF and AI, not NQPFs.</p><pre><code>NQPF</code></pre>"
        '<a href="/NQPF" title="NQPF">NQPF</a><script>NQPF</script>'
    )
    out = abbreviate(page, definitions)
    assert out.count("<abbr") == 3
    assert '<abbr title="a &quot;machine&quot;">AI</abbr>' in out
    assert "<pre><code>NQPF</code></pre>" in out and "<script>NQPF</script>" in out
    assert 'href="/NQPF" title="NQPF"' in out
    parsed(out)


@given(ANY_TEXT, ANY_TEXT)
@example("amp", 'Tom & Jerry\'s "x"')
@example("x27", "Jerry's")
@example("quot", '"quoted"')
def test_explaining_terms_never_changes_the_text_a_reader_sees(term: str, sentence: str) -> None:
    term = " ".join(term.split())
    page = f"<p>{markup.text(sentence)} {markup.text(term)}</p>"
    out = abbreviate(page, {term: "<b>x</b>"} if term else {})
    assert "".join(parsed(out).text) == "".join(parsed(page).text)
