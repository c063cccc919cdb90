"""The paper's metrics from the command line: `peft-study evaluate --task paper` on a run's generations and
`peft-study paper-agreement` on a folder in the replication package's layout (hand-written here: the paper's own
files are not shipped)."""
import json, subprocess
import pandas as pd, pytest
from conftest import ROOT, BIN

GOOD = "        Calculator c = new Calculator();\n        assertEquals(3, c.add(1, 2));\n    }\n}"
CUT = GOOD.rsplit("\n", 2)[0] + "\n        assertEquals(7, c.add(3,"
BROKEN = "assertEquals(1, foo(;\n"


def cli(*args):
    return subprocess.run([str(BIN / "peft-study"), *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_paper_agreement_on_a_package_layout(tmp_path):
    for model, preds, published in (("a", [GOOD, CUT, BROKEN], 2 / 3), ("b", [GOOD, GOOD, BROKEN], 1.0)):
        gen = tmp_path / "data/toy/generated/lora/org" / model; gen.mkdir(parents=True)
        rows = [{"id": i, "prompt": "p", "reference": GOOD, "prediction": p} for i, p in enumerate(preds)]
        pd.DataFrame(rows).to_json(gen / "00001-of-00002.test.jsonl", orient="records", lines=True)
        (gen / "00002-of-00002.test.jsonl").write_text(json.dumps(rows[0]) + "\n")        # a duplicate id: first kept
        fixed = tmp_path / "data/toy/fixed/lora/org" / model; fixed.mkdir(parents=True)
        (fixed / "00001-of-00001.jsonl").write_text("".join(json.dumps({"id": i, "prediction": "x"}) + "\n" for i in (0, 1)))
    pd.DataFrame({"model": ["org/a", "org/b"], "lora": [2 / 3, 1.0]}).to_csv(tmp_path / "data/toy/valid_syntax.csv", index=False)
    out = tmp_path / "agreement.csv"
    r = cli("paper-agreement", str(tmp_path), "--out", str(out))
    assert r.returncode == 0, r.stderr[-2000:]
    t = pd.read_csv(out).set_index("model")
    assert t.loc["org/a", "n"] == 3 and t.loc["org/a", "n_valid_paper"] == 2 and t.loc["org/a", "syntax_valid_diff"] == 0
    assert t.loc["org/b", "syntax_valid_diff"] == pytest.approx(-1 / 3)    # published 1.0, the procedure says 2/3
    assert t.loc["org/a", "only_ours"] == 0 and t.loc["org/a", "same_text"] == 0    # the kept texts here are "x"
    assert "valid ids identical in 2/2 runs" in r.stderr


def test_paper_agreement_names_a_wrong_folder(tmp_path):
    r = cli("paper-agreement", str(tmp_path))
    assert r.returncode == 2 and "not the paper's replication package" in r.stderr and "Traceback" not in r.stderr


def test_evaluate_task_paper_writes_the_run_view(tmp_path):
    smoke = [r for r in map(json.loads, (ROOT / "data/smoke/pairs.jsonl").read_text().splitlines()) if r["split"] == "test"]
    gens = tmp_path / "generations.jsonl"
    gens.write_text("".join(json.dumps({"id": r["id"], "generation": r["target"]}) + "\n" for r in smoke[:3]))
    r = cli("evaluate", "--task", "paper", "--dataset", "smoke", "--split", "test", "--generations", str(gens),
            "--out", str(tmp_path / "metrics-paper.json"))
    assert r.returncode == 0, r.stderr[-2000:]
    paper = json.loads((tmp_path / "metrics-paper.json").read_text())
    assert paper["n"] == 3 and paper["n_valid_paper"] == 3 and paper["codebleu_paper"] > 0.9
    r = cli("evaluate", "--task", "paper", "--generations", str(gens), "--out", str(tmp_path / "x.json"))
    assert r.returncode == 2 and "needs --dataset" in r.stderr
