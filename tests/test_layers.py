"""No module imports from a layer above it (README, "How it fits together").

Every import counts, also those inside functions (they are how optional pieces load late): a
layer may use the layers below it and modules of its own layer, never one above.
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "policygraph"

# bottom up; a module belongs to the layer of its longest listed prefix
LAYERS = [
    ["errors", "records", "numerals", "ontology", "datafiles", "output", "progress"],  # plain data and words
    ["loaders", "extractors"],  # files -> records
    ["resolve", "link"],  # records -> canonical entities, ranked links
    ["build", "graphtext"],  # records -> RDF quads (as N-Quads text)
    ["stores"],  # quads in, rows out (Store, Backend)
    ["pipeline", "lookup", "tracing"],  # loading; names users type; paths up to the regulations
    ["queries", "validation", "graphview", "views"],  # questions, checks and pictures
    ["api"],  # PolicyGraph
    ["demo", "cli"],  # entry points
]
LEVEL = {name: i for i, names in enumerate(LAYERS) for name in names}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def level(module: str) -> int | None:
    parts = module.split(".")[1:]  # without "policygraph"
    for n in range(len(parts), 0, -1):
        if ".".join(parts[:n]) in LEVEL:
            return LEVEL[".".join(parts[:n])]
    return None


def imports(path: Path):
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            names = [base] if node.module else [f"{base}.{a.name}" for a in node.names]
            yield from ((node.lineno, n) for n in names)
        elif isinstance(node, ast.Import):
            yield from ((node.lineno, a.name) for a in node.names)


def test_every_module_has_a_layer():
    modules = {module_name(p) for p in PACKAGE.rglob("*.py")} - {"policygraph"}
    assert not [m for m in modules if level(m) is None]


def test_no_module_imports_from_a_layer_above_it():
    upward = []
    for path in PACKAGE.rglob("*.py"):
        here = module_name(path)
        mine = level(here)
        if mine is None:  # the package itself re-exports the API
            continue
        for line, target in imports(path):
            theirs = level(target) if target.startswith("policygraph.") else None
            if theirs is not None and theirs > mine:
                upward.append(f"{here}:{line} imports {target}")
    assert not upward, "\n".join(upward)
