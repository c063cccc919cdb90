"""The walking skeleton end to end: config → Snakemake → papermill run notebooks → evaluation → analysis.
Runs the `smoke` grid into a temporary output root (≈1 minute on 2 cores)."""
import json, os, subprocess
import pandas as pd, pytest, yaml
from conftest import ROOT, BIN, job_counts


@pytest.fixture(scope="module")
def smoke(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("smoke")
    raw = yaml.safe_load((ROOT / "configs/smoke.yaml").read_text())
    raw.update(output_root=str(tmp / "runs"), results_dir=str(tmp / "results"), figures_dir=str(tmp / "figures"))
    cfg = tmp / "smoke.yaml"; cfg.write_text(yaml.safe_dump(raw))
    env = {**os.environ, "PEFT_STUDY_MODELS": str(tmp / "models")}
    first = subprocess.run([str(BIN / "peft-study"), "study", str(cfg), "--cores", "2"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    again = subprocess.run([str(BIN / "peft-study"), "study", str(cfg), "--cores", "2"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=300)
    return tmp, first, again


def test_run_folders_are_complete(smoke):
    tmp, _, _ = smoke
    for method in ("baseline", "lora"):
        run = tmp / "runs/smoke/smoke/tiny-llama-untrained" / method / "seed-42"
        for f in ("run.ipynb", "run_config.json", "environment.json", "cost.json", "generations.jsonl", "metrics.jsonl"):
            assert (run / f).is_file(), run / f
        assert not (run / "generations.partial.jsonl").exists()     # the run's kept batches go once it is finished
        nb = json.loads((run / "run.ipynb").read_text())
        assert nb["metadata"]["papermill"]["parameters"]["method"] == method      # executed by papermill
        gens = [json.loads(l) for l in (run / "generations.jsonl").read_text().splitlines()]
        assert len(gens) == 4 and all(g["finish_reason"] in ("brace_balance", "eos", "length") for g in gens)
        cost = json.loads((run / "cost.json").read_text())
        assert cost["gen_wall_s"] > 0 and cost["peak_rss_mb"] > 0
        assert json.loads((run / "run_config.json").read_text())["model_pretrained"] is False
    lora = tmp / "runs/smoke/smoke/tiny-llama-untrained/lora/seed-42"
    assert (lora / "adapter" / "adapter_config.json").is_file()
    cost = json.loads((lora / "cost.json").read_text())
    assert cost["train_steps"] == 8 and cost["trainable_params"] == 8192 and cost["train_tokens_per_s"] > 0
    losses = [h["loss"] for h in json.loads((lora / "trainer_state.json").read_text())["log_history"] if "loss" in h]
    assert len(losses) == 8


def test_results_per_sample_summary_and_figure(smoke):
    tmp, _, _ = smoke
    samples = pd.read_json(tmp / "results/samples.jsonl", lines=True)
    assert len(samples) == 8 and set(samples["method"]) == {"baseline", "lora"}
    assert {"syntax_valid", "syntax_valid_repaired", "codebleu", "trainable_params"} <= set(samples.columns)
    summary = pd.read_csv(tmp / "results/summary.csv")
    assert list(summary["method"]) == ["baseline", "lora"]
    assert (summary["model_label"] == "tiny-llama-untrained (untrained)").all()   # labelled wherever it appears
    # the summary is the mean of the per-sample rows
    for m, grp in samples.groupby("method"):
        assert summary.set_index("method").loc[m, "syntax_valid"] == pytest.approx(grp["syntax_valid"].mean())
    png = tmp / "figures/quality_by_method.png"
    assert png.stat().st_size > 5000 and png.with_suffix(".pdf").is_file()
    assert (tmp / "results/analysis.ipynb").is_file()
    # the paper's view of each run (its repair, its corpus CodeBLEU) beside the project's, labelled
    assert {"syntax_valid_paper", "codebleu_paper"} <= set(summary.columns)
    assert summary["codebleu_paper"].between(0, 1).all()
    view = pd.read_csv(tmp / "results/paper_view.csv")
    assert {"project: valid (javac)", "paper: valid after its repair", "paper: CodeBLEU (corpus, valid rows)"} <= set(view.columns)
    papers = sorted((tmp / "runs/smoke/smoke/tiny-llama-untrained").glob("*/seed-42/metrics-paper.json"))
    assert len(papers) == 2, papers
    for f in papers:
        paper = json.loads(f.read_text())
        assert paper["n"] == 4 and 0 <= paper["n_valid_paper"] <= 4 and "ANTLR 4.13.1" in paper["procedure"]


def test_second_run_does_nothing(smoke):
    _, first, again = smoke
    assert again.returncode == 0, again.stderr[-2000:]
    assert "Nothing to be done" in again.stdout + again.stderr


def dry_run_after_editing(path, smoke) -> tuple:
    """Job counts of the smoke grid's dry run while `path` has changed content and a newer time stamp (Snakemake
    re-runs on a newer input whose content changed: a mere `touch` of a small file is not enough); `path` is
    restored, bytes and times, afterwards."""
    import time
    tmp, _, _ = smoke
    env = {**os.environ, "PEFT_STUDY_MODELS": str(tmp / "models")}
    st = path.stat(); original = path.read_bytes()
    try:
        path.write_bytes(original + b"\n"); os.utime(path, (st.st_atime, time.time() + 5))
        dry = subprocess.run([str(BIN / "peft-study"), "study", str(tmp / "smoke.yaml"), "--dry-run"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=300)
    finally:
        path.write_bytes(original); os.utime(path, (st.st_atime, st.st_mtime))
    assert dry.returncode == 0, dry.stderr[-2000:]
    return job_counts(dry.stdout), dry.stdout


def test_changed_input_reruns_the_runs_that_read_it(smoke):
    """A rebuilt input of a run (here the smoke dataset file; for the tiny-model study also each shipped base model's
    weights) makes the next `peft-study study` re-run the runs that read it, not report "Nothing to be done"."""
    counts, out = dry_run_after_editing(ROOT / "data/smoke/pairs.jsonl", smoke)
    assert counts.get("run") == 2 and counts.get("evaluate") == 2, out[-2000:]
    tiny = subprocess.run([str(BIN / "peft-study"), "study", "tiny", "--dry-run", "--", "--forceall"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert "data/models/java-llama-17m/model.safetensors" in tiny.stdout, tiny.stdout[-2000:]


def test_changed_analysis_reruns_only_the_analysis(smoke):
    "An edited analysis notebook re-runs the study's analysis on the finished runs: no run or evaluation again."
    counts, out = dry_run_after_editing(ROOT / "nbs/study/analysis.ipynb", smoke)
    assert counts.get("analysis") == 1 and "run" not in counts and "evaluate" not in counts, out[-2000:]


def test_killed_midway_then_rerun_gives_identical_results(smoke, tmp_path):
    """Kill the whole grid (SIGKILL to its process group) while LoRA is training, run it again: it finishes and its
    per-sample results are those of the uninterrupted run."""
    import signal, time
    done, _, _ = smoke
    raw = yaml.safe_load((ROOT / "configs/smoke.yaml").read_text())
    raw.update(output_root=str(tmp_path / "runs"), results_dir=str(tmp_path / "results"), figures_dir=str(tmp_path / "figures"))
    cfg = tmp_path / "smoke.yaml"; cfg.write_text(yaml.safe_dump(raw))
    env = {**os.environ, "PEFT_STUDY_MODELS": str(done / "models")}      # the model the first grid built
    cmd = [str(BIN / "peft-study"), "study", str(cfg), "--cores", "2"]
    p = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    ckpt = tmp_path / "runs/smoke/smoke/tiny-llama-untrained/lora/seed-42/checkpoints"
    t0 = time.time()
    while not any(ckpt.glob("checkpoint-*")) and p.poll() is None and time.time() - t0 < 300: time.sleep(0.2)
    assert p.poll() is None, "the grid finished before it could be killed"
    os.killpg(p.pid, signal.SIGKILL); p.wait()
    assert not (tmp_path / "results/summary.csv").exists()
    again = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    cols = ["run_id", "id", "syntax_valid", "syntax_valid_repaired", "codebleu"]
    a = pd.read_json(done / "results/samples.jsonl", lines=True)[cols].sort_values(cols[:2]).reset_index(drop=True)
    b = pd.read_json(tmp_path / "results/samples.jsonl", lines=True)[cols].sort_values(cols[:2]).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)
    for m in ("baseline", "lora"):
        rel = f"runs/smoke/smoke/tiny-llama-untrained/{m}/seed-42/generations.jsonl"
        assert (done / rel).read_text() == (tmp_path / rel).read_text()


def test_committed_results_without_run_folders_rerun_the_study(smoke, tmp_path):
    """A fresh clone holds a study's committed results but not its run folders (runs/ is not in git): `make study`
    must re-run every run and rebuild the results from them, not report "Nothing to be done"."""
    import shutil
    done, _, _ = smoke
    raw = yaml.safe_load((done / "smoke.yaml").read_text())
    raw.update(output_root=str(tmp_path / "runs"), results_dir=str(tmp_path / "results"))   # no run folders here
    shutil.copytree(done / "results", tmp_path / "results")                                 # the "committed" results
    cfg = tmp_path / "smoke.yaml"; cfg.write_text(yaml.safe_dump(raw))
    env = {**os.environ, "PEFT_STUDY_MODELS": str(done / "models")}
    dry = subprocess.run([str(BIN / "peft-study"), "study", str(cfg), "--dry-run"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=300)
    assert dry.returncode == 0, dry.stderr[-2000:]
    counts = job_counts(dry.stdout)
    assert counts.get("run") == 2 and counts.get("evaluate") == 2 and counts.get("analysis") == 1, dry.stdout[-2000:]


def test_a_run_without_the_paper_view_gains_it(smoke):
    "A finished run whose `metrics-paper.json` is missing (evaluated before the paper's view existed) gets it, and the analysis is redone; nothing else."
    tmp, _, _ = smoke
    f = next((tmp / "runs/smoke/smoke/tiny-llama-untrained").glob("lora/seed-42/metrics-paper.json"))
    st, data = f.stat(), f.read_bytes()
    try:
        f.unlink()
        dry = subprocess.run([str(BIN / "peft-study"), "study", str(tmp / "smoke.yaml"), "--dry-run"], cwd=ROOT,
                             env={**os.environ, "PEFT_STUDY_MODELS": str(tmp / "models")}, capture_output=True, text=True, timeout=300)
    finally:
        f.write_bytes(data); os.utime(f, (st.st_atime, st.st_mtime))
    counts = job_counts(dry.stdout)
    assert counts.get("paper") == 1 and counts.get("analysis") == 1 and "run" not in counts and "evaluate" not in counts, dry.stdout[-2000:]
