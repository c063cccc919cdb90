"""The GPU path, checked on a GPU in a few minutes (run by benchmarks/gpu_check.sh on the lent machine).

A. Every paper architecture (tiny random models of CodeGen, Llama, Qwen2, GPT-BigCode, StarCoder2 built from their
   transformers configs) × every method (baseline, full, LoRA, IA3, prompt tuning, BitFit where the architecture
   has biases): trained a few steps on the GPU through the study's own `train_model` (bf16, gradient checkpointing
   on, validation and best-checkpoint kept), generated with `generate_tests` (batched, left padding, brace stop),
   saved with `save_tuned`, reloaded with `load_tuned`, and generated again: the greedy tokens must be identical.
B. The memory plan against the GPU: a model of a paper configuration (data/paper_models.json) with random bf16
   weights, trained a few steps at the paper preset's batch and block for LoRA and for full fine-tuning, gradient
   checkpointing as `checkpointing_for` decides; measured peak allocated memory against `plan.memory_estimate`.
C. The ZeRO-3 launch: the untrained tiny Llama fully fine-tuned through the run's `train_run` in one process, then
   as DeepSpeed ZeRO-3 over torchrun (one process on one GPU), then with CPU offload; and prefix tuning in one
   process and under ZeRO-3 (its adapter saved by every process together): losses and weights compared.
Writes gpu_check.json (every row) and gpu_check.md (tables) to OUT (argument 1, default ./gpu_check_out).
With --cpu it runs a small version on the CPU, to check the script itself where there is no GPU; --parts=C (or AB, ...)
runs only those parts.
What it cannot show: the study's numbers (random weights), a launch over several GPUs (one chip), speed of a real study."""
import json, os, sys, tempfile, time, traceback
from pathlib import Path

CPU = "--cpu" in sys.argv
PARTS = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--parts=")), "ABC")   # e.g. --parts=C
OUT = Path(next((a for a in sys.argv[1:] if not a.startswith("--")), "gpu_check_out")); OUT.mkdir(parents=True, exist_ok=True)
ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("PEFT_STUDY_ROOT", str(ROOT)); os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import torch, transformers
from transformers import AutoModelForCausalLM, AutoTokenizer
from peft import PeftModel
from peft_study.adapters import make_peft_model, save_tuned, init_bottleneck, AdapterError
from peft_study.models import load_model, ModelNotAvailable
from peft_study.config import PRESETS
from peft_study.data import load_split, tokenize_pairs
from peft_study.generation import generate_tests
from peft_study.plan import shapes_of, memory_estimate, checkpointing_for
from peft_study.training import train_model

DEV = "cpu" if CPU else "cuda"
half = torch.float32 if CPU else torch.bfloat16      # frozen weights' dtype, as the study loads them on a GPU
rows, t_start = [], time.time()
def env() -> dict:
    import peft, accelerate
    gpu = torch.cuda.get_device_name(0) if torch.cuda.is_available() else None
    return {"torch": torch.__version__, "cuda": torch.version.cuda, "gpu": gpu, "bf16": torch.cuda.is_available() and torch.cuda.is_bf16_supported(),
            "transformers": transformers.__version__, "peft": peft.__version__, "accelerate": accelerate.__version__,
            "python": sys.version.split()[0]}

TINY = {   # the architectures of the paper's 13 models, tiny (the same shapes as tests/test_paper_emulation.py)
    "codegen": ("CodeGenConfig", dict(n_embd=64, n_layer=2, n_head=4, rotary_dim=8, n_positions=1024)),
    "llama": ("LlamaConfig", dict(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4,
                                  num_key_value_heads=4, max_position_embeddings=1024)),
    "qwen2": ("Qwen2Config", dict(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4,
                                  num_key_value_heads=2, max_position_embeddings=1024)),
    "gpt_bigcode": ("GPTBigCodeConfig", dict(n_embd=64, n_layer=2, n_head=4, n_positions=1024, multi_query=True)),
    "starcoder2": ("Starcoder2Config", dict(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4,
                                            num_key_value_heads=2, max_position_embeddings=1024)),
}
METHODS = ["baseline", "full", "lora", "ia3", "prompt", "bitfit", "prefix", "bottleneck", "qlora"]
tok = AutoTokenizer.from_pretrained(ROOT / "data" / "tokenizer" / "java-bpe-8k")
pairs = load_split("smoke", "train") + load_split("smoke", "test")
train, _ = tokenize_pairs(pairs, tok, 256)
prompts = [r["source"] for r in load_split("smoke", "test")]
preset = {**PRESETS["smoke"], "max_steps": 6, "per_device_batch_size": 2, "grad_accum": 1, "eval_steps": 3, "save_steps": 3,
          "gradient_checkpointing": "on", "early_stopping_patience": 0, "bf16_cpu": False}
preset["learning_rate"] = {**preset["learning_rate"]}

def move(model): return model.to(DEV)

# ---- A: every architecture × method: train, generate, save, reload, generate the same tokens
for arch, (cls, kw) in ((list(TINY.items())[:2] if CPU else TINY.items()) if "A" in PARTS else []):
    with tempfile.TemporaryDirectory() as d:
        base_dir = Path(d) / "base"
        torch.manual_seed(0)
        base = AutoModelForCausalLM.from_config(getattr(transformers, cls)(vocab_size=len(tok), bos_token_id=tok.bos_token_id,
                                                eos_token_id=tok.eos_token_id, pad_token_id=tok.pad_token_id, **kw))
        base.save_pretrained(base_dir); tok.save_pretrained(base_dir)
        for method in METHODS:
            row = {"part": "A", "arch": arch, "method": method}; t0 = time.time()
            try:
                if method == "qlora": model = load_model(str(base_dir), four_bit=True)[0]   # a clear error without CUDA/bitsandbytes
                else: model = AutoModelForCausalLM.from_pretrained(base_dir, torch_dtype=torch.float32 if method in ("full", "bitfit") else half)
                model, acc = make_peft_model(model, method)
                if method != "qlora": model = move(model)
                row["trainable_params"] = acc["trainable_params"]
                if method != "baseline":
                    res = train_model(model, tok, train, preset, method, Path(d) / method, seed=0, eval_examples=train[:4],
                                      progress=False)
                    row.update(train_steps=res["cost"].get("train_steps"), best_step=res["cost"].get("best_step"),
                               loss_first=next(h["loss"] for h in res["log_history"] if "loss" in h))
                    save_tuned(model, method, Path(d) / method)
                if method == "bottleneck": model = model.to(half)   # fp32 adapters on a half base: generate in the base's dtype
                model.eval()
                before = generate_tests(model, tok, prompts, max_new_tokens=16, batch_size=4, progress=False)
                if method != "baseline":      # reloaded as saved: a PEFT adapter (fp32) on the base in its training dtype
                    if method in ("full", "bitfit"): again = AutoModelForCausalLM.from_pretrained(Path(d) / method / "model")
                    elif method == "bottleneck":
                        again = init_bottleneck(AutoModelForCausalLM.from_pretrained(base_dir, torch_dtype=half))
                        again.set_active_adapters(again.load_adapter(str(Path(d) / method / "adapter"), with_head=False))
                        again = again.to(half)
                    elif method == "qlora":
                        again = PeftModel.from_pretrained(load_model(str(base_dir), four_bit=True)[0], Path(d) / method / "adapter")
                    else:
                        again = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(base_dir, torch_dtype=half),
                                                          Path(d) / method / "adapter")
                    if method != "qlora": again = move(again)
                    again.eval()
                    after = generate_tests(again, tok, prompts, max_new_tokens=16, batch_size=4, progress=False)
                    row["same_tokens_after_reload"] = [b["generation"] for b in before] == [a["generation"] for a in after]
                row["finish_reasons"] = sorted({b["finish_reason"] for b in before})
                row["ok"] = row.get("same_tokens_after_reload", True)
            except (AdapterError, ModelNotAvailable) as e: row.update(ok=None, skipped=str(e).splitlines()[0])
            except Exception as e: row.update(ok=False, error=f"{type(e).__name__}: {e}"[:500], trace=traceback.format_exc()[-1500:])
            row["wall_s"] = round(time.time() - t0, 2); rows.append(row); print(json.dumps({k: v for k, v in row.items() if k != "trace"}), flush=True)

# ---- B: the memory plan against measured peak memory, one paper configuration
paper = json.loads((ROOT / "data" / "paper_models.json").read_text())
name = "bigcode/starcoder2-3b"
e = paper[name]
cfg = getattr(transformers, {"starcoder2": "Starcoder2Config"}[e["arch"]])(**e["config"])
if CPU: cfg = getattr(transformers, "Starcoder2Config")(**{**e["config"], "hidden_size": 64, "intermediate_size": 128,
                                                           "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2})
paper_preset = PRESETS["paper"]
batch, block = (paper_preset["per_device_batch_size"], paper_preset["block_size"]) if not CPU else (2, 128)
for method in (("lora", "full") if "B" in PARTS else ()):
    row = {"part": "B", "model": name + (" (tiny, --cpu)" if CPU else ""), "method": method, "batch": batch, "block": block}; t0 = time.time()
    try:
        with torch.device(DEV): model = AutoModelForCausalLM.from_config(cfg, torch_dtype=torch.float32 if method == "full" else torch.bfloat16)
        model, acc = make_peft_model(model, method)
        total = sum(p.numel() for p in model.parameters())
        ckpt = checkpointing_for(paper_preset, name, method, acc["trainable_params"],
                                 gpu_gib=torch.cuda.get_device_properties(0).total_memory / 2**30 if not CPU else 80.0)
        if ckpt == "on": model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
        if hasattr(model, "enable_input_require_grads"): model.enable_input_require_grads()
        est = memory_estimate(shapes_of(cfg, total), method, acc["trainable_params"], batch, block, checkpointing=ckpt == "on")
        opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-5)
        if not CPU: torch.cuda.reset_peak_memory_stats()
        ids = torch.randint(0, cfg.vocab_size, (batch, block), device=DEV)
        for step in range(3):
            with torch.autocast(DEV, dtype=torch.bfloat16, enabled=not CPU):
                loss = model(input_ids=ids, labels=ids).loss
            loss.backward(); opt.step(); opt.zero_grad(set_to_none=True)
        if not CPU: torch.cuda.synchronize()
        peak = torch.cuda.max_memory_allocated() / 2**30 if not CPU else None
        row.update(total_params=total, trainable_params=acc["trainable_params"], checkpointing=ckpt,
                   estimate_gib=round(est["total"], 2), measured_peak_gib=round(peak, 2) if peak else None,
                   ratio_estimate_to_measured=round(est["total"] / peak, 3) if peak else None, ok=True)
        del model, opt
        if not CPU: torch.cuda.empty_cache()
    except Exception as e: row.update(ok=False, error=f"{type(e).__name__}: {e}"[:500], trace=traceback.format_exc()[-1500:])
    row["wall_s"] = round(time.time() - t0, 2); rows.append(row); print(json.dumps({k: v for k, v in row.items() if k != "trace"}), flush=True)

# ---- C: the ZeRO-3 launch (peft_study.distributed) on this machine's GPU: DeepSpeed over torchrun (one process per
# GPU; on --cpu two processes over gloo), full fine-tuning of the untrained tiny Llama through the run's own
# `train_run`, against the same run in one process
from safetensors.torch import load_file
from peft_study.config import load_study, find_run
from peft_study.models import build_model, models_dir
from peft_study.pipeline import load_run_model, load_run_data, train_run
from peft_study.runs import RunFolder
if not (models_dir() / "tiny-llama-untrained" / "config.json").is_file(): build_model("tiny-llama-untrained")
from dataclasses import replace
from transformers import set_seed
smoke = replace(find_run(load_study("smoke"), "tiny-llama-untrained", "lora", 42, "smoke"), method="full")
procs, refs = (2 if CPU else 1), {}
one, z3 = {"mode": "single"}, {"mode": "zero3", "processes": procs}
for method, label, launch in (("full", "one process", one), ("full", "ZeRO-3", z3),
                              ("full", "ZeRO-3 + CPU offload", {**z3, "offload": True}),
                              ("prefix", "one process, prefix tuning", one), ("prefix", "ZeRO-3, prefix tuning", z3)) if "C" in PARTS else ():
    row = {"part": "C", "launch": label}; t0 = time.time()
    try:
        run = replace(smoke, method=method)
        with tempfile.TemporaryDirectory() as d:
            set_seed(run.seed)          # as a run does before it loads: the prefix's initial values are drawn here
            lm, tk = load_run_model(run)
            data = load_run_data(run, tk, lm.config)
            lm, acc = make_peft_model(lm, method)
            out = train_run(run, lm, tk, data, RunFolder(d), acc, launch=launch)
            losses = [h["loss"] for h in out["log_history"] if "loss" in h]
            weights = load_file(str(Path(d) / ("model/model.safetensors" if method == "full" else "adapter/adapter_model.safetensors")))
        row.update(train_launch=out["cost"].get("train_launch"), train_steps=out["cost"].get("train_steps"),
                   train_processes=out["cost"].get("train_processes", 1), losses=[round(x, 4) for x in losses])
        ref = refs.setdefault(method, (losses, weights))
        if ref[0] is losses: row["ok"] = True
        else:
            row["max_loss_diff"] = max(abs(a - b) for a, b in zip(losses, ref[0]))
            row["max_weight_diff"] = max((weights[k].float() - ref[1][k].float()).abs().max().item() for k in weights)
            row["ok"] = len(losses) == len(ref[0]) and row["max_loss_diff"] < 1e-2   # bf16 on a GPU: not bit-equal
    except Exception as e: row.update(ok=False, error=f"{type(e).__name__}: {e}"[:500], trace=traceback.format_exc()[-1500:])
    row["wall_s"] = round(time.time() - t0, 2); rows.append(row); print(json.dumps({k: v for k, v in row.items() if k != "trace"}), flush=True)

summary = {"environment": env(), "wall_s": round(time.time() - t_start, 1), "rows": rows}
(OUT / "gpu_check.json").write_text(json.dumps(summary, indent=1))
md = [f"# GPU check ({'CPU dry run' if CPU else summary['environment']['gpu']}), {summary['wall_s']} s", "",
      "```", json.dumps(summary["environment"]), "```", "", "| arch | method | trainable | steps | same tokens after reload | ok | note |",
      "| --- | --- | --- | --- | --- | --- | --- |"]
md += [f"| {r['arch']} | {r['method']} | {r.get('trainable_params', '')} | {r.get('train_steps', '')} | {r.get('same_tokens_after_reload', '')} | "
       f"{r['ok']} | {r.get('skipped') or r.get('error', '')} |" for r in rows if r["part"] == "A"]
md += ["", "| model | method | batch × block | checkpointing | estimate GiB | measured peak GiB | estimate / measured | ok |",
       "| --- | --- | --- | --- | --- | --- | --- | --- |"]
md += [f"| {r['model']} | {r['method']} | {r['batch']} × {r['block']} | {r.get('checkpointing', '')} | {r.get('estimate_gib', '')} | "
       f"{r.get('measured_peak_gib', '')} | {r.get('ratio_estimate_to_measured', '')} | {r['ok']} {r.get('error', '')} |" for r in rows if r["part"] == "B"]
md += ["", "| launch | processes | steps | max loss difference | max weight difference | ok |", "| --- | --- | --- | --- | --- | --- |"]
md += [f"| {r['launch']} | {r.get('train_processes', '')} | {r.get('train_steps', '')} | {r.get('max_loss_diff', '')} | "
       f"{r.get('max_weight_diff', '')} | {r['ok']} {r.get('error', '')} |" for r in rows if r["part"] == "C"]
(OUT / "gpu_check.md").write_text("\n".join(md) + "\n")
print("\n".join(md))
sys.exit(0 if all(r["ok"] is not False for r in rows) else 1)
