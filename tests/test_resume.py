"""A run killed with SIGKILL mid-training and executed again resumes from its last checkpoint and ends with the
same losses, generations and training cost (steps, tokens) as an uninterrupted run of the same seed."""
import json, os, signal, subprocess, time
from pathlib import Path
import pytest, yaml
from conftest import ROOT, BIN
from peft_study.training import COST_FILE


def config(tmp, name):
    raw = {"study": name, "models": ["tiny-llama-untrained"], "methods": ["lora"], "seeds": [7], "datasets": ["smoke"],
           "preset": "smoke", "training": {"max_steps": 120, "save_steps": 20}, "generation": {"max_new_tokens": 24},
           "output_root": str(tmp / "runs")}
    p = tmp / f"{name}.yaml"; p.write_text(yaml.safe_dump(raw)); return p


def run(cfg, env, **kw):
    return subprocess.Popen([str(BIN / "peft-study"), "run", str(cfg), "--model", "tiny-llama-untrained", "--method", "lora",
                             "--seed", "7", "--dataset", "smoke", "--force"], cwd=ROOT, env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)


def results(run_dir):
    losses = [h["loss"] for h in json.loads((run_dir / "trainer_state.json").read_text())["log_history"] if "loss" in h]
    gens = [json.loads(l)["generation"] for l in (run_dir / "generations.jsonl").read_text().splitlines()]
    return losses, gens, json.loads((run_dir / "cost.json").read_text())


def test_kill_and_resume(tmp_path):
    env = {**os.environ, "PEFT_STUDY_MODELS": str(tmp_path / "models")}
    subprocess.run([str(BIN / "peft-study"), "base", "tiny-llama-untrained"], cwd=ROOT, env=env, check=True, capture_output=True)
    # reference: uninterrupted
    ref = run(config(tmp_path, "ref"), env); out, _ = ref.communicate(timeout=600)
    assert ref.returncode == 0, out[-2000:]
    ref_losses, ref_gens, ref_cost = results(tmp_path / "runs/ref/smoke/tiny-llama-untrained/lora/seed-7")
    # killed once a checkpoint exists, then run again
    cfg = config(tmp_path, "killed")
    run_dir = tmp_path / "runs/killed/smoke/tiny-llama-untrained/lora/seed-7"
    p = run(cfg, env); t0 = time.time()
    while not list(run_dir.glob(f"checkpoints/checkpoint-*/{COST_FILE}")):      # a complete checkpoint: its cost is written last
        assert p.poll() is None, "the run finished before it could be killed"
        assert time.time() - t0 < 300; time.sleep(0.05)
    os.killpg(p.pid, signal.SIGKILL); p.wait()
    assert not (run_dir / "cost.json").exists()                     # nothing looks finished
    complete = [c for c in run_dir.glob("checkpoints/checkpoint-*") if (c / COST_FILE).is_file()]
    ckpt = max(complete, key=lambda c: int(c.name.split("-")[1])).name
    again = run(cfg, env); out, _ = again.communicate(timeout=600)
    assert again.returncode == 0, out[-2000:]
    losses, gens, cost = results(run_dir)
    assert cost["resumed_from"] and Path(cost["resumed_from"]).name == ckpt
    assert cost["train_steps"] == 120 and len(losses) == len(ref_losses) == 120
    assert losses == pytest.approx(ref_losses, rel=1e-5)
    assert gens == ref_gens
    assert not (run_dir / "checkpoints").exists()                   # removed once the run finished
    # the cost of the resumed run is that of the steps it kept: the segments before and after the kill, adding up to
    # the uninterrupted run's tokens; wall time within noise of it (not asserted: the machine is shared)
    segs = cost["train_segments"]
    assert len(segs) == 2 and segs[0]["from_step"] == 0 and segs[0]["to_step"] == segs[1]["from_step"] and segs[1]["to_step"] == 120
    assert cost["train_tokens"] == ref_cost["train_tokens"] == sum(s["tokens"] for s in segs)
    assert cost["train_wall_s"] == pytest.approx(sum(s["wall_s"] for s in segs)) and segs[0]["wall_s"] > 0
