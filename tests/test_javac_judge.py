"""Strict `syntax_valid` is javac's parser's verdict; on a subset of the shipped study generations it is also
tree-sitter's (the full comparison, 1,643 generations and their repairs: benchmarks/javac_agreement.py)."""
import gzip, json, shutil
from pathlib import Path
import pytest
from peft_study.data import load_split
from peft_study.javac import javac_parse
from peft_study.javatext import split_prompt
from peft_study.metrics import static_metrics, parses

DATA = Path(__file__).resolve().parent.parent / "data" / "generations" / "study_generations.jsonl.gz"

@pytest.mark.skipif(shutil.which("bwrap") is None or shutil.which("javac") is None,
                    reason="javac's parse check needs a JDK and runs in the bubblewrap sandbox")
def test_strict_syntax_valid_is_javacs_verdict():
    gens = [json.loads(l) for l in gzip.open(DATA, "rt", encoding="utf-8")]
    gens = [g for g in gens if g["dataset"] == "corpus-fmfcc" and g["run"].startswith("default/")]   # 5 runs × 96 prompts
    rows = {r["id"]: r for r in load_split("corpus-fmfcc", "test")}
    run = [g for g in gens if g["run"].endswith("/full/seed-42")]
    metrics = static_metrics([rows[g["id"]] for g in run], run)
    texts = [split_prompt(rows[g["id"]]["source"])[1] + g["generation"] for g in gens]
    verdicts = javac_parse(texts)
    assert [m["syntax_valid"] for m in metrics] == [v[0] for g, v in zip(gens, verdicts) if g["run"].endswith("/full/seed-42")]
    assert [v[0] for v in verdicts] == [parses(t) for t in texts]
    assert 20 < sum(v[0] for v in verdicts) < len(texts) - 20          # both verdicts well represented
