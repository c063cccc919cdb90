"""The ZeRO-3 launch, emulated on a CPU: a run whose study asks for DeepSpeed ZeRO-3 over two processes (torchrun,
gloo) trains, saves through the Trainer (which gathers the partitions), is loaded back by the run and generates; and
full fine-tuning so launched ends where the one-process run of the same seed ends (same losses, same weights to float
rounding, same tokens); so does prefix tuning, whose adapter the Trainer cannot save under ZeRO-3 unaided (peft runs its
prompt encoder in the saving process alone, and the other process waits at the next step forever). What this cannot show: NCCL, GPU memory, and speed on real GPUs."""
import json, os, subprocess
from pathlib import Path
import pytest, yaml
from conftest import ROOT, BIN

pytest.importorskip("deepspeed")


def config(tmp, name, launch):
    raw = {"study": name, "models": ["tiny-llama-untrained"], "methods": ["full", "lora", "prefix"], "seeds": [7], "datasets": ["smoke"],
           "preset": "smoke", "generation": {"max_new_tokens": 16}, "launch": launch, "output_root": str(tmp / "runs")}
    p = tmp / f"{name}.yaml"; p.write_text(yaml.safe_dump(raw)); return p


def run(cfg, method, env):
    r = subprocess.run([str(BIN / "peft-study"), "run", str(cfg), "--model", "tiny-llama-untrained", "--method", method,
                        "--seed", "7", "--dataset", "smoke", "--force"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, (r.stdout + r.stderr)[-3000:]


def losses(d): return [h["loss"] for h in json.loads((d / "trainer_state.json").read_text())["log_history"] if "loss" in h]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("zero3")
    env = {**os.environ, "PEFT_STUDY_MODELS": str(tmp / "models")}
    subprocess.run([str(BIN / "peft-study"), "base", "tiny-llama-untrained"], cwd=ROOT, env=env, check=True, capture_output=True)
    one, z3 = config(tmp, "one", {"mode": "single"}), config(tmp, "z3", {"mode": "zero3", "processes": 2})
    for method in ("full", "prefix"): run(one, method, env); run(z3, method, env)
    run(z3, "lora", env)
    return {k: tmp / "runs" / k / "smoke/tiny-llama-untrained" for k in ("one", "z3")}


def test_full_fine_tuning_under_zero3_matches_one_process(runs):
    from safetensors.torch import load_file
    one, z3 = runs["one"] / "full/seed-7", runs["z3"] / "full/seed-7"
    assert losses(z3) == pytest.approx(losses(one), abs=1e-6) and len(losses(z3)) == 8
    a, b = load_file(one / "model/model.safetensors"), load_file(z3 / "model/model.safetensors")
    assert set(a) == set(b)
    assert max((a[k].float() - b[k].float()).abs().max().item() for k in a) < 1e-5
    c1, c3 = json.loads((one / "cost.json").read_text()), json.loads((z3 / "cost.json").read_text())
    assert c3["train_launch"].startswith("ZeRO-3 × 2 processes") and c3["train_processes"] == 2
    assert c1["train_launch"].startswith("1 process")
    assert (c3["train_steps"], c3["train_tokens"], c3["trainable_params"]) == (c1["train_steps"], c1["train_tokens"], c1["trainable_params"])
    spec = json.loads((z3 / "launch.json").read_text())
    assert (spec["processes"], spec["zero3"], spec["run"]["method"]) == (2, True, "full")
    assert sorted(p.name for p in z3.glob("train-rank*.json")) == ["train-rank0.json", "train-rank1.json"]
    gens = [json.loads(l) for l in (z3 / "generations.jsonl").read_text().splitlines()]
    assert gens and all("generation" in g for g in gens)
    assert not (z3 / "checkpoints").exists()


def test_lora_under_zero3_saves_its_adapter_and_generates(runs):
    z3 = runs["z3"] / "lora/seed-7"
    cost = json.loads((z3 / "cost.json").read_text())
    assert (z3 / "adapter/adapter_model.safetensors").is_file() and not (z3 / "model").exists()
    assert cost["trainable_params"] == 8192 and cost["train_processes"] == 2 and cost["train_steps"] == 8
    assert len((z3 / "generations.jsonl").read_text().splitlines()) == cost["test_prompts"]


def test_prefix_tuning_under_zero3_matches_one_process(runs):
    from safetensors.torch import load_file
    one, z3 = runs["one"] / "prefix/seed-7", runs["z3"] / "prefix/seed-7"
    assert losses(z3) == pytest.approx(losses(one), abs=1e-6) and len(losses(z3)) == 8
    a, b = load_file(one / "adapter/adapter_model.safetensors"), load_file(z3 / "adapter/adapter_model.safetensors")
    assert set(a) == set(b) == {"prompt_embeddings"} and a["prompt_embeddings"].shape == b["prompt_embeddings"].shape
    assert (a["prompt_embeddings"] - b["prompt_embeddings"]).abs().max().item() < 1e-5
    assert json.loads((z3 / "cost.json").read_text())["train_processes"] == 2
    gens = lambda d: [json.loads(l)["generation"] for l in (d / "generations.jsonl").read_text().splitlines()]
    assert gens(z3) == gens(one)
