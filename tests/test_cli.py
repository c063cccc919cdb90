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


def test_sweep_writes_table_figure_and_choice(tmp_path):
    "`peft-study sweep` on the walking skeleton: one row per rate, the rate of lowest validation loss chosen."
    import json, yaml
    cfg = yaml.safe_load((ROOT / "configs/smoke.yaml").read_text())
    cfg.update(results_dir=str(tmp_path / "results"), figures_dir=str(tmp_path / "figures"), output_root=str(tmp_path / "runs"))
    (tmp_path / "smoke.yaml").write_text(yaml.safe_dump(cfg))
    assert run("base", "tiny-llama-untrained").returncode == 0
    out = run("sweep", str(tmp_path / "smoke.yaml"))
    assert out.returncode == 0, out.stderr[-2000:]
    sweep = json.loads((tmp_path / "results/lr_sweep.json").read_text())
    assert [r["learning_rate"] for r in sweep["rows"]] == [1e-3, 3e-2]
    assert sweep["best"]["lora"] == min(sweep["rows"], key=lambda r: r["best_eval_loss"])["learning_rate"]
    assert (tmp_path / "figures/lr_sweep.png").is_file() and "best rates:" in out.stdout


def test_sweep_without_rates_is_one_clear_error(tmp_path):
    bad = tmp_path / "nosweep.yaml"
    bad.write_text("study: x\nmodels: [tiny-llama-untrained]\nmethods: [lora]\ndatasets: [smoke]\npreset: smoke\n")
    out = run("sweep", str(bad))
    assert out.returncode == 2 and "no `sweep.learning_rates`" in out.stderr and "Traceback" not in out.stderr
