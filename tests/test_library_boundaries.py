"""Nothing under fruitmap/ imports streamlit; pages stay thin; no CDN in our code."""

import ast

from tests.conftest import ROOT


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_library_does_not_import_streamlit():
    offenders = [str(p.relative_to(ROOT)) for p in ROOT.glob("fruitmap/**/*.py")
                 if any(m.split(".")[0] == "streamlit" for m in _imports(p))]
    assert offenders == []


def test_pages_are_thin():
    long_pages = {p.name: n for p in ROOT.glob("pages/*.py")
                  if (n := len(p.read_text(encoding="utf-8").splitlines())) > 150}
    assert long_pages == {}


def test_no_cdn_urls_in_code():
    bad = ("cdn.jsdelivr", "unpkg.com", "code.jquery", "cdnjs", "bootstrapcdn")
    hits = [str(p.relative_to(ROOT)) for pattern in ("fruitmap/**/*.py", "pages/*.py", "ui/*.py")
            for p in ROOT.glob(pattern) if any(b in p.read_text(encoding="utf-8") for b in bad)]
    assert hits == []
