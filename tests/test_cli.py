"The `peft-study` command line."
import csv, io, subprocess
from conftest import ROOT, BIN


def run(*args, **kw):
    return subprocess.run([str(BIN / "peft-study"), *args], cwd=ROOT, capture_output=True, text=True, **kw)


def test_help_lists_the_study_subcommands():
    out = run("--help")
    assert out.returncode == 0
    for sub in ("base", "pretrain", "params", "run", "evaluate", "study"):
        assert f"    {sub} " in out.stdout, sub


def test_params_csv():
    out = run("params", "--models", "tiny-llama-untrained")
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert list(rows[0]) == ["model", "method", "trainable_params", "total_params"]
    by = {r["method"]: int(r["trainable_params"]) for r in rows}
    assert by["full"] == int(rows[0]["total_params"])
    assert by["prompt"] == 20 * 64 and by["lora"] == 2 * 2 * 16 * (64 + 64)   # q,v 64→64 in 2 layers, r=16
    assert by["bitfit"] == 0 and "has none" in out.stderr                     # Llama has no biases: said, not hidden


def test_bad_study_config_is_one_clear_error(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("study: x\nmodels: [tiny-llama-untrained]\nmethods: [lora]\nseeds: [-1]\ndatasets: [smoke]\n")
    out = run("study", str(bad), "--dry-run")
    assert out.returncode == 2 and "`seeds` = -1 must be a non-negative integer" in out.stderr
    assert "Traceback" not in out.stderr
