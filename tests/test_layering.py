"""Architecture rules checked on the source: headless engine, explicit chance, layers."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

GAME = Path(__file__).resolve().parent.parent / "game"
LAYERS = ["core", "rules", "engine", "ai", "sim", "ui"]
GLOBAL_NP_RANDOM = {"seed", "rand", "randn", "randint", "random", "choice", "shuffle", "permutation", "normal",
                    "uniform", "poisson", "binomial", "multinomial", "random_sample", "get_state", "set_state",
                    "integers", "exponential"}


def modules() -> list[Path]:
    return sorted(GAME.rglob("*.py"))


def imports(tree: ast.AST) -> list[tuple[str, int]]:
    """Imported module names, skipping `if TYPE_CHECKING:` blocks."""
    out: list[tuple[str, int]] = []
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for n in ast.walk(node))
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.append((node.module, node.lineno))
    return out


def layer_of(path: Path) -> str | None:
    rel = path.relative_to(GAME).parts
    return rel[0] if len(rel) > 1 and rel[0] in LAYERS else None


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(GAME)))
def test_pygame_only_in_ui(path):
    if layer_of(path) == "ui":
        return
    bad = [line for name, line in imports(ast.parse(path.read_text())) if name.split(".")[0] == "pygame"]
    assert not bad, f"{path}: pygame imported at lines {bad}"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(GAME)))
def test_no_random_module_and_no_global_numpy_generator(path):
    tree = ast.parse(path.read_text())
    assert not [n for n, _ in imports(tree) if n == "random"], f"{path} imports the random module"
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in GLOBAL_NP_RANDOM:
            base = ast.unparse(node.value)
            assert base not in ("np.random", "numpy.random"), f"{path}:{node.lineno} uses the global {base}.{node.attr}"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(GAME)))
def test_layers_only_import_downwards(path):
    mine = layer_of(path)
    if mine is None:
        return
    for name, line in imports(ast.parse(path.read_text())):
        parts = name.split(".")
        if parts[0] == "game" and len(parts) > 1 and parts[1] in LAYERS:
            assert LAYERS.index(parts[1]) <= LAYERS.index(mine), f"{path}:{line} imports upward from {mine}: {name}"


def test_the_checks_catch_a_violation(tmp_path):
    bad = ast.parse("import random\nimport pygame\nimport numpy as np\nnp.random.seed(1)\n")
    names = [n for n, _ in imports(bad)]
    assert "random" in names and "pygame" in names
    assert any(isinstance(n, ast.Attribute) and n.attr == "seed" and ast.unparse(n.value) == "np.random"
               for n in ast.walk(bad))
