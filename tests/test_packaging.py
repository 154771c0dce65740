"""What `pip install .` ships: every package of the source tree, the sample pages, the styles, the engine's data."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch

from conftest import ROOT


def _config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_python_package_in_the_source_tree_is_installed():
    listed = set(_config()["packages"])
    for top in ("feeds", "tui"):
        for init in (ROOT / top).rglob("__init__.py"):
            package = ".".join(init.parent.relative_to(ROOT).parts)
            assert package in listed, f"{package} is missing from [tool.setuptools] packages in pyproject.toml"


def test_the_sample_pages_and_styles_are_package_data():
    config = _config()
    assert config["package-dir"]["feeds.seeds"] == "seeds"
    for folder in {p.parent for p in (ROOT / "tui").rglob("*.tcss")}:
        package = ".".join(folder.relative_to(ROOT).parts)
        assert "*.tcss" in config["package-data"].get(package, []), f"{package}: its .tcss files are not package data"


def test_the_engines_data_files_are_package_data():
    package = ROOT / "feeds" / "pages"
    patterns = _config()["package-data"].get("feeds.pages", [])
    data = [p.relative_to(package).as_posix() for p in (package / "data").rglob("*") if p.is_file()]
    assert data, "feeds/pages/data holds the gazetteer"
    for name in data:
        assert any(fnmatch(name, pattern) for pattern in patterns), f"feeds/pages/{name} is not package data of feeds.pages"


def test_the_compiled_message_catalogs_are_package_data():
    package = ROOT / "feeds"
    patterns = _config()["package-data"].get("feeds", [])
    catalogs = [p.relative_to(package).as_posix() for p in (package / "locale").rglob("*.mo")]
    assert sorted(catalogs) == ["locale/en/LC_MESSAGES/nieuws-tui.mo", "locale/nl/LC_MESSAGES/nieuws-tui.mo"]
    for name in catalogs:
        assert any(fnmatch(name, pattern) for pattern in patterns), f"feeds/{name} is not package data of feeds"
