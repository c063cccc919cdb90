"""The paper grid through the SLURM profile, with fake `sbatch`/`sacct`/`squeue`/`scancel` on PATH that record what
they are given (tests/fake_slurm/): every rule is submitted, only training and generation ask for a GPU, host memory
follows model size and method, and nothing is retried. Each wave of the grid is checked by creating the outputs of
the wave before it (nothing is trained here)."""
import json, os, signal, subprocess, time
from pathlib import Path
import yaml
from conftest import ROOT, BIN
from peft_study.config import load_study
from peft_study.models import host_memory_mb
from peft_study.distributed import job_resources

FAKE = ROOT / "tests" / "fake_slurm"


def submit_wave(tmp, cfg, expected: int, timeout=240, extra=()) -> list:
    """Run the grid with the SLURM profile until `expected` jobs are submitted; stop it; the recorded submissions.
    (`--jobs 500`: the profile lets 100 jobs queue at once; here a whole wave is submitted.)"""
    log = tmp / "slurm" / "sbatch.jsonl"; log.unlink(missing_ok=True)
    env = {**os.environ, "PATH": f"{FAKE}:{os.environ['PATH']}", "FAKE_SLURM_DIR": str(tmp / "slurm"),
           "PYTHONPATH": f"{FAKE}:{os.environ.get('PYTHONPATH', '')}"}      # sitecustomize: the plugin's 5 s sleeps capped
    p = subprocess.Popen([str(BIN / "peft-study"), "study", str(cfg), "--profile", str(ROOT / "workflow/profiles/slurm"), "--",
                          "--slurm-init-seconds-before-status-checks", "1", "--jobs", "500", *extra], cwd=ROOT, env=env, start_new_session=True,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    t0, rows = time.time(), []
    try:
        while time.time() - t0 < timeout and p.poll() is None:
            rows = [json.loads(l) for l in log.read_text().splitlines()] if log.is_file() else []
            if len(rows) >= expected: time.sleep(3); break       # a few seconds more: nothing else may be submitted
            time.sleep(0.5)
    finally:
        if p.poll() is None: os.killpg(p.pid, signal.SIGKILL)     # Snakemake would wait for the 'running' jobs
        out = p.communicate(timeout=60)[0]
        subprocess.run([str(BIN / "peft-study"), "study", str(cfg), "--", "--unlock"], cwd=ROOT, capture_output=True)
    rows = [json.loads(l) for l in log.read_text().splitlines()] if log.is_file() else []
    assert len(rows) == expected, f"{len(rows)} of {expected} jobs submitted\n{out[-3000:]}"
    return rows


def flag(argv, name):
    return next((argv[i + 1] for i, a in enumerate(argv) if a == name), None)


def touch_outputs(cfg, study, names):
    "Create the outputs of a wave, as if its jobs had run."
    files = []
    for r in study.runs():
        for n in names:
            f = Path(study.output_root) / study.study / r.run_id / n; f.parent.mkdir(parents=True, exist_ok=True); f.write_text("{}\n")
            files.append(str(f))
    return files


# the models whose full fine-tuning the memory plan spreads over several 80 GB GPUs (README: the memory plan)
ZERO3_MODELS = {"Salesforce/codegen2-7B_P", "Salesforce/codegen2-16B_P", "meta-llama/CodeLlama-7b-hf",
                "Qwen/Qwen2.5-Coder-7B", "Qwen/Qwen2.5-Coder-14B", "bigcode/starcoderbase",
                "bigcode/starcoder2-7b", "bigcode/starcoder2-15b"}


def test_paper_grid_is_submitted_with_the_right_resources(tmp_path):
    raw = yaml.safe_load((ROOT / "configs/paper.yaml").read_text())
    raw.update(output_root=str(tmp_path / "runs"), results_dir=str(tmp_path / "results"), figures_dir=str(tmp_path / "figures"))
    cfg = tmp_path / "paper.yaml"; cfg.write_text(yaml.safe_dump(raw))
    study = load_study(cfg); runs = {r.run_id: r for r in study.runs()}
    # wave 1: training and generation, the GPUs of each run's launch (one, or 2-8 for the ZeRO-3 full fine-tunings of
    # the 7B-class and larger models), host memory by model, method and offload, the GPU partition
    wave = submit_wave(tmp_path, cfg, len(runs))
    assert {w["rule"] for w in wave} == {"run"} and {w["run_id"] for w in wave} == set(runs)
    for w in wave:
        r, argv = runs[w["run_id"]], w["argv"]
        need = job_resources(r, study.launch)
        assert f"--gpus={need['gpus']}" in argv and flag(argv, "-p") == "gpu" and flag(argv, "-t") == "720", argv
        assert int(flag(argv, "--mem")) == need["mem_mb"] >= host_memory_mb(r.model, r.method)
        assert not any("gres" in a for a in argv[:-1])            # no slurm_extra: the plugin refuses --gres there
        assert "--retries 0" in argv[-1]
    gpus = {(runs[w["run_id"]].model, runs[w["run_id"]].method): job_resources(runs[w["run_id"]], study.launch)["gpus"] for w in wave}
    assert {k for k, n in gpus.items() if n > 1} == {(m, "full") for m in ZERO3_MODELS}
    # wave 2: evaluation and HumanEval-X on CPU nodes, no GPU
    touch_outputs(cfg, study, ["generations.jsonl", "cost.json", "generations-humaneval.jsonl"])
    # (the killed wave left its jobs marked incomplete: outputs made by hand are taken as they are)
    wave = submit_wave(tmp_path, cfg, 3 * len(runs), extra=["--ignore-incomplete"])
    assert sorted(w["rule"] for w in wave) == sorted(["evaluate", "codegen", "paper"] * len(runs))
    for w in wave:
        argv = w["argv"]
        assert not any(a.startswith("--gpus") for a in argv) and flag(argv, "-p") == "cpu", argv
        assert flag(argv, "-t") == {"evaluate": "120", "codegen": "60", "paper": "30"}[w["rule"]]
    # wave 3: the analysis, once, on a CPU node
    touch_outputs(cfg, study, ["metrics.jsonl", "metrics-humaneval.jsonl", "metrics-paper.json"])
    wave = submit_wave(tmp_path, cfg, 1, extra=["--ignore-incomplete"])
    assert wave[0]["rule"] == "analysis" and flag(wave[0]["argv"], "-p") == "cpu" and flag(wave[0]["argv"], "-t") == "30"
