"""The schema check's fast path never lets through what jsonschema would refuse."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from apecrecord import schema
from apecrecord.yamlfile import read_yaml
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "fixtures" / "record" / "data"
FILES = [
    (path, path.stem if path.parent == DATA else "statements")
    for path in sorted(DATA.rglob("*.yaml"))
    if path.name != "CHANGES.yaml"
]
# Values a careless or hostile editor puts where another was expected.
ODD_VALUES = [1.0, 2.5, True, None, "", "x\n", "X Y", [], {}, ["x"], {"a": 1}, -1, 0, 10**20, "2025-13-45", "tab\there"]


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


def _replaced(data, path, new):
    data = copy.deepcopy(data)
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = new
    return data


@pytest.mark.parametrize(("path", "kind"), FILES, ids=[p.name for p, _ in FILES])
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_the_fast_verdict_agrees_with_jsonschema(path: Path, kind: str, data) -> None:
    doc, _ = read_yaml(path, path.name)
    assert doc is not None and schema._surely_valid(doc.data, kind)
    places = [p for p in _paths(doc.data) if p]
    where = data.draw(st.sampled_from(places))
    value = data.draw(st.sampled_from(ODD_VALUES) | st.text(max_size=8) | st.integers())
    changed = _replaced(doc.data, where, value)
    refused = list(schema._validator(kind).iter_errors(changed))
    if schema._surely_valid(changed, kind):
        assert refused == [], (where, value)
