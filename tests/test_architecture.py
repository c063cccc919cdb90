"""The house drawn from the imports: no import circle, and the directions the design forbids never taken.

Every import counts, the ones inside functions included: a lazy import is still a dependency."""
import ast, subprocess, sys
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "peft_study"
MODULES = sorted(p.stem for p in PKG.glob("*.py") if p.stem not in ("__init__", "_modidx"))

def imports(module: str) -> set:
    "The package modules `module` imports, anywhere in its file."
    out = set()
    for node in ast.walk(ast.parse((PKG / f"{module}.py").read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            name = node.module.split(".")[0] if node.level == 1 else (
                node.module.split(".")[1] if node.module.startswith("peft_study.") else None)
            if name in MODULES and name != module: out.add(name)
        elif isinstance(node, ast.Import):
            out |= {a.name.split(".")[1] for a in node.names if a.name.startswith("peft_study.")} & set(MODULES)
    return out

GRAPH = {m: imports(m) for m in MODULES}

def reach(module: str) -> set:
    seen, todo = set(), [module]
    while todo:
        for d in GRAPH[todo.pop()] - seen: seen.add(d); todo.append(d)
    return seen

def test_no_import_cycle():
    cycles = sorted(m for m in MODULES if m in reach(m))
    assert not cycles, f"modules that import themselves through others: {cycles}"

EVALUATION = {"metrics", "execution", "junit", "evaluation", "javac", "paper_metrics"}
MODEL_CODE = {"models", "generation", "adapters", "training", "distributed", "pretrain", "icl"}
RUN = {"cli", "pipeline"}
GROUND = {"env", "javatext", "pairs", "registry"}            # standard library only (stats: numpy and scipy)

def test_forbidden_directions():
    for m in EVALUATION: assert not reach(m) & MODEL_CODE, f"evaluation module {m} reaches model code: {reach(m) & MODEL_CODE}"
    assert not reach("analysis") & (MODEL_CODE | RUN | EVALUATION), reach("analysis")
    assert not reach("config") & RUN, reach("config")
    assert "models" not in reach("data"), reach("data")
    for m in GROUND: assert not reach(m) - GROUND, f"ground-floor module {m} imports {reach(m) - GROUND}"
    for m in ("data", "config", "runs", "artifacts"):          # the data floor: nothing above it
        above = reach(m) & (EVALUATION | MODEL_CODE | RUN | {"analysis", "stats", "mining", "corpus"})
        assert not above, f"{m} imports {above}"

def test_evaluation_imports_without_model_libraries():
    "The harness, the metrics and the analysis import in a Python where torch and transformers cannot be imported."
    code = ("import sys\nfor m in ('torch', 'transformers', 'peft', 'accelerate'): sys.modules[m] = None\n"
            "import peft_study.junit, peft_study.metrics, peft_study.execution, peft_study.evaluation, peft_study.javac, peft_study.paper_metrics, peft_study.analysis, peft_study.stats, "
            "peft_study.config, peft_study.data, peft_study.runs, peft_study.javatext, peft_study.pairs, peft_study.registry\n"
            "print('ok')")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and r.stdout.strip() == "ok", r.stderr[-2000:]
