"""The dependency contract of ARCHITECTURE.md, as `pytest` sees it: import-linter's
contracts in pyproject.toml ([tool.importlinter]) hold, and they do catch an arrow that
points the wrong way."""

import os
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def at_root(monkeypatch):
    # import-linter finds the packages from the working directory.
    monkeypatch.chdir(ROOT)
    monkeypatch.syspath_prepend(os.fspath(ROOT))


def test_the_import_contracts_hold(at_root):
    assert lint_imports(str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True) == 0


def test_a_wrong_arrow_breaks_the_layers(at_root, tmp_path):
    # reviews imports pledges: with the layers declared upside down, that is a violation.
    config = tmp_path / "upside_down.toml"
    config.write_text(
        "[tool.importlinter]\n"
        'root_packages = ["pledges", "reviews"]\n'
        "[[tool.importlinter.contracts]]\n"
        'name = "pledges over reviews"\n'
        'type = "layers"\n'
        'layers = ["pledges", "reviews"]\n'
    )

    assert lint_imports(str(config), no_cache=True, no_logo=True) == 1
