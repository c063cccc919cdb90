"""Batched generation on CPU (grouped key/value heads given to SDPA, each prompt prefilled alone into a growing cache,
the batch decoded together) against one-by-one generation and against transformers' own path, on a tiny random model
of each of the paper's architectures: the same text for every prompt. GPT-BigCode's cache comes back in another layout
and keeps transformers' path (prefill_rows returns None); the others take the row prefill."""
import pytest, torch, transformers
from transformers import AutoModelForCausalLM, AutoTokenizer
import peft_study.generation as G
from peft_study.data import load_split
from conftest import ROOT
from test_paper_emulation import ARCHS


@pytest.mark.parametrize("hub_id", list(ARCHS))
def test_batched_generation_is_one_by_one(hub_id, monkeypatch):
    cls, kw = ARCHS[hub_id]
    tok = AutoTokenizer.from_pretrained(ROOT / "data/tokenizer/java-bpe-8k")
    torch.manual_seed(0)
    model = AutoModelForCausalLM.from_config(getattr(transformers, cls)(vocab_size=len(tok), **kw)).eval()
    prompts = [r["source"] for s in ("test", "validation") for r in load_split("smoke", s)]
    rows = [tok(p, add_special_tokens=False)["input_ids"] for p in prompts[:3]]
    width = max(map(len, rows))
    with torch.no_grad(): cache = G.prefill_rows(model, rows, width)
    assert (cache is None) == (cls == "GPTBigCodeConfig"), type(cache)
    if cache is not None:        # one step from the rows' last tokens: the logits of the left-padded batch's own pass
        mask = torch.tensor([[0] * (width - len(r)) + [1] * len(r) for r in rows])
        ids = torch.tensor([[tok.pad_token_id] * (width - len(r)) + r for r in rows])
        with torch.no_grad():
            padded = model(input_ids=ids, attention_mask=mask).logits[:, -1]
            step = model(input_ids=ids[:, -1:], attention_mask=mask, past_key_values=cache,
                         position_ids=mask.sum(1, keepdim=True) - 1).logits[:, -1]
        assert torch.allclose(padded, step, atol=1e-5), (padded - step).abs().max()
    text = lambda results: [r["generation"] for r in results]
    batched = G.generate_tests(model, tok, prompts, max_new_tokens=24, batch_size=4, progress=False)
    assert len({r["prompt_tokens"] for r in batched}) > 1                      # the batches were padded
    single = [G.generate_tests(model, tok, [p], max_new_tokens=24, batch_size=1, progress=False)[0] for p in prompts]
    assert text(batched) == text(single)
    monkeypatch.setattr(G, "uses_row_prefill", lambda m: False); monkeypatch.setattr(G, "uses_grouped_sdpa", lambda m: False)
    assert text(batched) == text(G.generate_tests(model, tok, prompts, max_new_tokens=24, batch_size=4, progress=False))
