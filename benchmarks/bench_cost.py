"""Cost benchmarks, each a ratio measured side by side in one run (not a timed test: machines are noisy).

  .venv/bin/python benchmarks/bench_cost.py [--model java-llama-17m] [--steps 20]
  .venv/bin/python benchmarks/bench_cost.py --only generation --gen-models smollm2-135m-instruct \
      --gen-split corpus-fmfcc --gen-prompts 16 --gen-new-tokens 128 [--gen-prefill]  # the offline study's model, prompts

1. batched vs one-by-one greedy generation, at identical outputs (target: >= 4x);
2. achieved training FLOP/s of each method vs this machine's measured fp32 matmul FLOP/s
   (target: >= 50% for full fine-tuning of the largest offline model); training FLOPs are the study's estimate
   (4N + 2N_trainable) per token with N all parameters, embeddings included, so the ratio leans high;
3. peak memory (RSS) of each PEFT method vs full fine-tuning, each method in a fresh process.
"""
import argparse, json, multiprocessing as mp, resource, sys, time


def matmul_flops(sizes=(1024, 2048, 3072), reps=5, trials=3):
    "The machine's fp32 matmul FLOP/s: the best of a few square sizes and trials."
    import torch
    best = 0.0
    for n in sizes:
        a, b = torch.randn(n, n), torch.randn(n, n)
        a @ b
        for _ in range(trials):
            t0 = time.perf_counter()
            for _ in range(reps): a @ b
            best = max(best, 2 * n ** 3 * reps / (time.perf_counter() - t0))
    return best


def train_one(model_name, method, steps, batch, q):
    "Child process: train `steps` steps; report FLOP/s estimate, wall time and the child's peak RSS."
    import tempfile
    from peft_study.models import load_model
    from peft_study.adapters import make_peft_model
    from peft_study.training import train_model
    from peft_study.config import PRESETS
    from peft_study.pretrain import pack_blocks
    from peft_study.data import load_split
    from peft_study.adapters import AdapterError
    model, tok = load_model(model_name)
    try: model, _ = make_peft_model(model, method)
    except AdapterError as e:
        q.put({"method": method, "error": str(e)}); return
    texts = [r["source"] + r["target"] for r in load_split("smoke", "train")] * 40
    blocks = pack_blocks(texts, tok, 256, steps * batch)
    preset = {**PRESETS["cpu"], "max_steps": steps, "per_device_batch_size": batch, "grad_accum": 1, "save_steps": 10 ** 6}
    with tempfile.TemporaryDirectory() as d:
        cost = train_model(model, tok, blocks, preset, method, d, seed=0, resume=False)["cost"]
    q.put({"method": method, "flops_per_s": cost["train_flops_per_s_est"], "wall_s": cost["train_wall_s"],
           "tokens_per_s": cost["train_tokens_per_s"], "trainable_params": cost["trainable_params"],
           "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def generation_ratio(model_name, n_new=64, batch=8, split="smoke", n_prompts=None, prefill=False):
    """One-by-one vs batched greedy generation of `n_prompts` prompts (the smoke pairs twice, or test prompts spread
    over `split`); `batch` an int or several (each timed after the one-by-one pass, against it). `prefill`: also time
    the prompts' forward pass alone (one new token), one by one and batched, so that the time splits into the prompt's
    pass (batching cannot shorten it: the same tokens, plus padding) and the token-by-token decoding it can."""
    from peft_study.models import load_model
    from peft_study.generation import generate_tests
    from peft_study.data import load_split, spread
    model, tok = load_model(model_name)
    if split == "smoke": prompts = [r["source"] for s in ("train", "validation", "test") for r in load_split("smoke", s)] * 2
    else: prompts = [r["source"] for r in spread(load_split(split, "test"), n_prompts or 16)]
    generate_tests(model, tok, prompts[:2], max_new_tokens=4)           # warm-up
    t0 = time.perf_counter(); single = [generate_tests(model, tok, [p], max_new_tokens=n_new, batch_size=1)[0] for p in prompts]
    t1 = time.perf_counter(); out = {"prompts": len(prompts), "one_by_one_s": t1 - t0,
                                     "mean_new_tokens": sum(a["new_tokens"] for a in single) / len(single),
                                     "prompt_tokens": sorted(a["prompt_tokens"] for a in single)}
    if prefill:      # the same prompts with one new token: the prompt's forward pass, which batching cannot shorten
        t1 = time.perf_counter()
        for p in prompts: generate_tests(model, tok, [p], max_new_tokens=1, batch_size=1, progress=False)
        out["one_by_one_prefill_s"] = time.perf_counter() - t1
    for b in (batch if isinstance(batch, (list, tuple)) else [batch]):
        t1 = time.perf_counter(); batched = generate_tests(model, tok, prompts, max_new_tokens=n_new, batch_size=b)
        t2 = time.perf_counter()
        same = [a["generation"] for a in single] == [x["generation"] for x in batched]
        r = out.setdefault("batched", {})[b] = {"batched_s": t2 - t1, "identical": same, "speedup": out["one_by_one_s"] / (t2 - t1)}
        if prefill:
            t1 = time.perf_counter(); generate_tests(model, tok, prompts, max_new_tokens=1, batch_size=b, progress=False)
            r["prefill_s"] = time.perf_counter() - t1
            r["decode_speedup"] = (out["one_by_one_s"] - out["one_by_one_prefill_s"]) / (r["batched_s"] - r["prefill_s"])
    first = out["batched"][next(iter(out["batched"]))]
    return {**out, **first}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="java-llama-17m")
    ap.add_argument("--gen-models", nargs="+", default=["java-llama-5m", "tiny-llama-untrained"],
                    help="a base model (its tests end after a few tokens) and an untrained one (every row runs to the limit)")
    ap.add_argument("--gen-split", default="smoke", help="smoke (its pairs twice), or a dataset whose test prompts to use (e.g. corpus-fmfcc)")
    ap.add_argument("--gen-prompts", type=int, default=16, help="how many test prompts of --gen-split (spread over the split)")
    ap.add_argument("--gen-new-tokens", type=int, default=64)
    ap.add_argument("--gen-batch", type=int, nargs="+", default=[8], help="batch sizes, each against the same one-by-one pass")
    ap.add_argument("--gen-prefill", action="store_true", help="also split each time into the prompts' pass and decoding")
    ap.add_argument("--only", choices=["generation", "training"], help="run one part only")
    ap.add_argument("--steps", type=int, default=20); ap.add_argument("--batch", type=int, default=8)
    args = ap.parse_args()
    import torch
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}")
    gens = {}
    for name in (args.gen_models if args.only != "training" else []):
        if name == "tiny-llama-untrained":
            from peft_study.models import build_model, models_dir
            if not (models_dir() / name / "config.json").is_file(): build_model(name)
        g = gens[name] = generation_ratio(name, args.gen_new_tokens, args.gen_batch, args.gen_split, args.gen_prompts,
                                          args.gen_prefill)
        print(f"\n1. generation ({name}, {g['prompts']} {args.gen_split} prompts, {g['mean_new_tokens']:.1f} new tokens on average, "
              f"at most {args.gen_new_tokens}): one-by-one {g['one_by_one_s']:.1f} s")
        for b, r in g["batched"].items():
            print(f"   batched({b}) {r['batched_s']:.1f} s -> {r['speedup']:.2f}x, identical outputs: {r['identical']}")
            if "prefill_s" in r:
                p1 = g["one_by_one_prefill_s"]
                print(f"     prompts' pass: {p1:.1f} s one by one ({p1 / g['one_by_one_s']:.0%} of its time), {r['prefill_s']:.1f} s "
                      f"batched; decoding alone {r['decode_speedup']:.2f}x; were decoding free, batching would reach at most "
                      f"{g['one_by_one_s'] / r['prefill_s']:.2f}x")
    if args.only == "generation":
        print(json.dumps({"generation": gens}, default=float), file=sys.stderr); return
    peak = matmul_flops()
    print(f"\n2./3. training {args.model}, {args.steps} steps x {args.batch} x 256 tokens; fp32 matmul peak {peak / 1e9:.1f} GFLOP/s")
    ctx, rows = mp.get_context("spawn"), []
    for method in ("full", "lora", "ia3", "prompt", "bitfit"):
        q = ctx.Queue(); p = ctx.Process(target=train_one, args=(args.model, method, args.steps, args.batch, q)); p.start()
        try: rows.append(q.get(timeout=1800))
        except Exception as e: print(f"   {method}: failed ({e})")
        p.join()
    for r in [r for r in rows if "error" in r]: print(f"   {r['method']:>7}: not applicable: {r['error']}")
    rows = [r for r in rows if "error" not in r]
    full = next((r for r in rows if r["method"] == "full"), None)
    for r in rows:
        mem = f", peak RSS {r['peak_rss_mb']:.0f} MB" + (f" ({r['peak_rss_mb'] / full['peak_rss_mb']:.2f}x full)" if full else "")
        print(f"   {r['method']:>7}: {r['flops_per_s'] / 1e9:6.1f} GFLOP/s est. = {r['flops_per_s'] / peak:5.1%} of matmul peak, "
              f"{r['tokens_per_s']:.0f} tokens/s, {r['wall_s']:.1f} s{mem}")
    print(json.dumps({"generation": gens, "matmul_flops_per_s": peak, "training": rows}, default=float), file=sys.stderr)


if __name__ == "__main__":
    main()
