"""The brace-balance stopping criterion's own cost per generation step: incremental (`BraceBalance`, each step
decodes only a row's current line) vs re-decoding every row's whole text each step (the criterion before it),
on 8 rows of real test methods (the corpus's developer tests, SmolLM2's tokenizer), fed one token per step as
`generate` would, up to N tokens. Both must stop every row at the same step. Usage:
.venv/bin/python benchmarks/bench_stopping.py [N=512]"""
import sys, time, torch
from transformers import StoppingCriteria
from peft_study.data import load_split
from peft_study.models import load_tokenizer
from peft_study.generation import BraceBalance, cut_at_balance

class FullDecode(StoppingCriteria):
    def __init__(self, tokenizer, prompt_len, open_braces): self.t, self.L, self.o = tokenizer, prompt_len, open_braces
    def __call__(self, input_ids, scores, **kw):
        texts = self.t.batch_decode(input_ids[:, self.L:], skip_special_tokens=True)
        return torch.tensor([cut_at_balance(x, o)[1] for x, o in zip(texts, self.o)])

n = int(sys.argv[1]) if len(sys.argv) > 1 else 512
tok = load_tokenizer("smollm2-135m-instruct")
targets = [r["target"] for r in load_split("corpus", "test")]
text = "\n".join(targets)                     # long enough for every row; rows start at different targets
ids = tok(text, add_special_tokens=False)["input_ids"]
starts = [i * len(ids) // 8 for i in range(8)]
batch = torch.tensor([ids[s:s + n] for s in starts])
# open braces no row closes before the end: the criterion runs for all n steps (the worst case, a looping model)
opens = [10 ** 6] * 8
for name, make in (("incremental", lambda: BraceBalance(tok, 0, opens)), ("full re-decode", lambda: FullDecode(tok, 0, opens))):
    crit, t0 = make(), time.perf_counter()
    for k in range(1, n + 1): crit(batch[:, :k], None)
    dt = time.perf_counter() - t0
    print(f"{name}: {dt:.2f} s for {n} steps × 8 rows ({dt / n * 1e3:.2f} ms per step)", flush=True)
# and they agree on where rows close, with the real open-brace count of a test method (1)
inc, ref = BraceBalance(tok, 0, [1] * 8), FullDecode(tok, 0, [1] * 8)
a = [inc(batch[:, :k], None).tolist() for k in range(1, n + 1)]
b = [ref(batch[:, :k], None).tolist() for k in range(1, n + 1)]
print("same stopping steps:", a == b)
