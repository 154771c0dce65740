"""The engine's one front door: `feeds/__init__.py` names what the app and the command line may use, and they use
nothing else of the engine; the engine never uses them."""

import ast
from pathlib import Path

import feeds

ROOT = Path(__file__).resolve().parent.parent


def _imported_modules(path: Path) -> list[str]:
    modules = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            modules += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.append(node.module)
    return modules


def test_every_public_name_is_there_at_run_time():
    for name in feeds.__all__:
        assert getattr(feeds, name) is not None, name


def test_type_checkers_see_the_names_run_time_looks_up_each_from_its_module():
    """The names are looked up lazily from `_PUBLIC`; type checkers read the imports under TYPE_CHECKING instead.
    Both lists must say the same, or mypy checks the app against names it does not get."""
    tree = ast.parse((ROOT / "feeds" / "__init__.py").read_text())
    (checked,) = [node for node in tree.body if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING"]
    seen = {alias.name: node.module for node in checked.body if isinstance(node, ast.ImportFrom) for alias in node.names}
    assert seen == feeds._PUBLIC


def test_the_app_and_the_command_line_reach_the_engine_only_through_its_front_door():
    behind = {
        f"{path.relative_to(ROOT)}: {module}"
        for path in (ROOT / "tui").rglob("*.py")
        for module in _imported_modules(path)
        if module.startswith("feeds.")
    }
    assert not behind


def test_the_engine_never_uses_the_app():
    uses = {
        f"{path.relative_to(ROOT)}: {module}"
        for path in (ROOT / "feeds").rglob("*.py")
        for module in _imported_modules(path)
        if module == "tui" or module.startswith("tui.")
    }
    assert not uses
