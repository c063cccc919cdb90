"""bf16 autocast vs fp32 on CPU: SmolLM2-135M training steps (batch 4, block 512, fm+fc+c+t+tc prompts) for the methods
given, and batched greedy generation of 16 test prompts. Usage: .venv/bin/python benchmarks/bench_bf16.py lora,full [gen]
(the README's 4.7 vs 10.0 s (LoRA) and 5.5 vs 11.6 s (full) per step: one run, another job beside it)."""
import time, torch, sys, tempfile
from peft_study.data import load_split, tokenize_pairs
from peft_study.pairs import build_source
from peft_study.models import load_model
from peft_study.adapters import make_peft_model
from peft_study.training import PadCollator
from peft_study.generation import generate_tests
ctx = "fm+fc+c+t+tc"
rows = [{**r, "source": build_source(r, ctx)} for r in load_split("corpus", "train", 400)]
print("threads", torch.get_num_threads())
for method in sys.argv[1].split(","):
    for bf16 in (False, True):
        lm, tok = load_model("smollm2-135m-instruct")
        ex, _ = tokenize_pairs(rows, tok, 512)
        lm, acct = make_peft_model(lm, method)
        col = PadCollator(tok.pad_token_id)
        opt = torch.optim.AdamW([p for p in lm.parameters() if p.requires_grad], lr=1e-4)
        lm.train(); ts = []; ntok = 0
        for i in range(5):
            b = col(ex[i*4:(i+1)*4])
            t0 = time.perf_counter()
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
                loss = lm(**b).loss
            loss.backward(); opt.step(); opt.zero_grad()
            if i: ts.append(time.perf_counter() - t0); ntok += int(b["attention_mask"].sum())
        print(f"{method} bf16={bf16}: step median {sorted(ts)[len(ts)//2]:.2f}s, {ntok/sum(ts):.0f} tok/s, loss {loss.item():.3f}", flush=True)
if len(sys.argv) > 2:
    lm, tok = load_model("smollm2-135m-instruct")
    test = [build_source(r, ctx) for r in load_split("corpus", "test", 16)]
    for bf16 in (False, True):
        t0 = time.perf_counter()
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            g = generate_tests(lm, tok, test, max_new_tokens=128, batch_size=8)
        dt = time.perf_counter() - t0
        print(f"gen bf16={bf16}: {dt:.1f}s for 16 prompts, {sum(x['new_tokens'] for x in g)/dt:.1f} new tok/s", [x["finish_reason"] for x in g][:8], flush=True)
