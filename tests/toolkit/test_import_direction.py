"""The toolkit's one rule of direction (Kubernetes' e2e framework keeps the
same one): chartkit is chart-agnostic, so no module of it imports the
package that holds our charts' and Stalwart's knowledge. Chart knowledge
reaches chartkit only through chartkit.profile, configured in pyproject.toml."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

import chartkit
import stalwart_charts

TOOLKIT = Path(chartkit.__file__).parent
OURS = stalwart_charts.__name__


def _imports(path: Path) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                "import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant):
            found.append((node.lineno, str(node.args[0].value)))
    return found


MODULES = sorted(TOOLKIT.rglob("*.py"))


@pytest.mark.parametrize("module", MODULES, ids=[str(m.relative_to(TOOLKIT)) for m in MODULES])
def test_toolkit_module_imports_nothing_of_ours(module: Path) -> None:
    bad = [f"line {n}: {name}" for n, name in _imports(module) if name == OURS or name.startswith(OURS + ".")]
    assert not bad, f"chartkit/{module.relative_to(TOOLKIT)} imports {OURS}: {bad}"


def test_the_check_sees_an_import_of_ours(tmp_path: Path) -> None:
    """The walker finds every form an import can take, so the test above could fail."""
    probe = tmp_path / "probe.py"
    probe.write_text(f"import {OURS}\nfrom {OURS}.base import guards\n"
                     f"from importlib import import_module\nimport_module('{OURS}.charts')\n")
    assert [name for _, name in _imports(probe)] == [OURS, f"{OURS}.base", "importlib", f"{OURS}.charts"]


def test_no_toolkit_module_names_our_charts() -> None:
    """chartkit never names a chart of ours by its folder: chart names come from profiles."""
    offenders = [f"{m.relative_to(TOOLKIT)}:{n}" for m in MODULES
                 for n, line in enumerate(m.read_text().splitlines(), 1)
                 if ('"base"' in line or '"platform"' in line) and not line.lstrip().startswith("#")]
    assert not offenders, offenders


def test_the_readme_layout_names_every_package() -> None:
    """The README's layout table is the map: every sub-package of both packages has its row."""
    readme = (TOOLKIT.parents[1] / "README.md").read_text()
    packages = sorted({p.parent for root in (TOOLKIT, Path(stalwart_charts.__file__).parent)
                       for p in root.rglob("__init__.py")})
    missing = [str(p.relative_to(TOOLKIT.parents[1])) for p in packages
               if f"`{p.relative_to(TOOLKIT.parents[1]).as_posix()}/`" not in readme]
    assert not missing, f"README.md's layout table lacks {missing}"
