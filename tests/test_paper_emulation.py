"""The paper's grid, reduced, end to end without a GPU or the hub: one tiny random model of each of the paper's
architectures (CodeGen, Llama/CodeLlama, Qwen2, GPT-BigCode/StarCoderBase, StarCoder2), saved in the Hugging Face
cache layout under the paper's real hub ids and loaded with HF_HUB_OFFLINE=1, × the paper's five methods, with the
paper preset (2 steps) through `peft-study study`: Snakemake, papermill run notebooks, evaluation and analysis.
What it cannot show: GPU memory, speed, and the real models' numbers (the weights are random); the training data
are the smoke pairs, not methods2test_small from the hub."""
import json, os, subprocess
import pandas as pd, pytest, yaml
from conftest import ROOT, BIN
from test_hub_path import fake_hub_repo, SHA

ARCHS = {
    "Salesforce/codegen-350M-multi": ("CodeGenConfig", dict(n_embd=32, n_layer=1, n_head=4, rotary_dim=4, n_positions=512)),   # heads: a multiple of mp_num 4
    "meta-llama/CodeLlama-7b-hf": ("LlamaConfig", dict(hidden_size=32, intermediate_size=64, num_hidden_layers=1,
                                                       num_attention_heads=2, num_key_value_heads=2, max_position_embeddings=512)),
    "Qwen/Qwen2.5-Coder-3B": ("Qwen2Config", dict(hidden_size=32, intermediate_size=64, num_hidden_layers=1,
                                                  num_attention_heads=2, num_key_value_heads=1, max_position_embeddings=512)),
    "bigcode/starcoderbase": ("GPTBigCodeConfig", dict(n_embd=32, n_layer=1, n_head=2, n_positions=512, multi_query=True)),
    "bigcode/starcoder2-3b": ("Starcoder2Config", dict(hidden_size=32, intermediate_size=64, num_hidden_layers=1,
                                                       num_attention_heads=2, num_key_value_heads=1, max_position_embeddings=512)),
}
METHODS = ["baseline", "full", "lora", "ia3", "prompt"]


@pytest.fixture(scope="module")
def grid(tmp_path_factory):
    import transformers
    from transformers import AutoModelForCausalLM, AutoTokenizer
    tmp = tmp_path_factory.mktemp("paper")
    tok = AutoTokenizer.from_pretrained(ROOT / "data/tokenizer/java-bpe-8k")
    for hub_id, (cls, kw) in ARCHS.items():
        cfg = getattr(transformers, cls)(vocab_size=len(tok), **kw)
        fake_hub_repo(tmp / "hub", hub_id, AutoModelForCausalLM.from_config(cfg), tok)
    raw = {"study": "paper-emulated", "models": list(ARCHS), "methods": METHODS, "seeds": [42], "datasets": ["smoke"],
           "preset": "paper",
           "training": {"max_steps": 2, "per_device_batch_size": 2, "grad_accum": 1, "block_size": 256, "save_steps": 2},
           "generation": {"max_new_tokens": 8, "batch_size": 2},
           "limits": {"max_train_examples": 8, "max_test_examples": 2},
           "evaluation": {"execute": False, "mutation": False, "humaneval": False},
           "output_root": str(tmp / "runs"), "results_dir": str(tmp / "results"), "figures_dir": str(tmp / "figures")}
    cfg = tmp / "paper-emulated.yaml"; cfg.write_text(yaml.safe_dump(raw))
    env = {**os.environ, "HF_HUB_CACHE": str(tmp / "hub"), "HF_HUB_OFFLINE": "1", "HF_MODULES_CACHE": str(tmp / "modules"),
           "PEFT_STUDY_MODELS": str(tmp / "models")}
    out = subprocess.run([str(BIN / "peft-study"), "study", str(cfg), "--cores", "2"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=2400)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-4000:]
    return tmp


def test_every_architecture_and_method_ran(grid):
    runs = grid / "runs/paper-emulated/smoke"
    for hub_id in ARCHS:
        for method in METHODS:
            run = runs / hub_id.replace("/", "__") / method / "seed-42"      # a hub id's folder: org__name
            for f in ("run.ipynb", "run_config.json", "cost.json", "generations.jsonl", "metrics.jsonl"):
                assert (run / f).is_file(), run / f
            cfg, cost = json.loads((run / "run_config.json").read_text()), json.loads((run / "cost.json").read_text())
            assert cfg["model"] == hub_id and cfg["preset"] == "paper"
            assert cfg.get("hub_revision") == SHA, cfg.get("hub_revision")       # the cached snapshot it loaded
            gens = [json.loads(l) for l in (run / "generations.jsonl").read_text().splitlines()]
            assert len(gens) == 2
            if method != "baseline":
                assert cost["train_steps"] == 2 and cost["trainable_params"] > 0, (hub_id, method, cost)
                assert (run / ("model" if method == "full" else "adapter")).is_dir()


def test_analysis_covers_the_grid(grid):
    summary = pd.read_csv(grid / "results/summary.csv")
    assert len(summary) == len(ARCHS) * len(METHODS)
    assert set(summary["model"]) == set(ARCHS) and set(summary["method"]) == set(METHODS)
    stats = pd.read_csv(grid / "results/stats.csv")
    assert {"RQ1: PEFT vs full fine-tuning", "RQ2: tuned vs untuned baseline"} <= set(stats["family"])
