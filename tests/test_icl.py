"""The in-context-learning baseline end to end on the smoke data: k chosen on the validation split, each test prompt
preceded by its retrieved training pairs, generated and scored like any run, its prompt cost recorded; a run started
again reuses the k it chose (`icl_k.json`) instead of choosing again."""
import dataclasses, json
from peft_study.config import load_study, find_run
from peft_study.pipeline import run_one
from peft_study.runs import RunFolder
from peft_study.models import build_model, models_dir


def test_icl_run_on_smoke(tmp_path, monkeypatch):
    if not (models_dir() / "tiny-llama-untrained" / "config.json").is_file(): build_model("tiny-llama-untrained")
    study = load_study("smoke")
    run = dataclasses.replace(find_run(study, "tiny-llama-untrained", "baseline", 42, "smoke"), method="icl")
    cost = run_one(run, out_dir=tmp_path)
    assert cost["icl_k"] in (1, 2, 4) and cost["icl_validation_pairs"] >= 1
    assert cost["icl_examples_mean"] > 0 and cost["trainable_params"] == 0
    # retrieved from the pairs the tuned methods train on (those that fit the block), never from the dropped ones
    assert cost["icl_pool"] == cost["train_examples"]
    gens = RunFolder(tmp_path).read_generations()
    assert len(gens) == cost["test_prompts"] == 4
    # the prompts carried the retrieved pairs: far longer than the plain prompts of the same rows
    assert cost["prompt_tokens_mean"] == cost["icl_prompt_tokens_mean"] > 150
    assert all("target_ce" in g for g in gens)
    assert not (tmp_path / RunFolder.ADAPTER).exists() and not (tmp_path / RunFolder.MODEL).exists()
    # started again (a rerun, a requeued job): the kept choice of k is reused, not made again
    assert json.loads((tmp_path / RunFolder.ICL_K).read_text())["k"] == cost["icl_k"] and not cost["icl_k_reused"]
    import peft_study.icl
    def chosen_again(*a, **k): raise AssertionError("k was chosen again")
    monkeypatch.setattr(peft_study.icl, "choose_k", chosen_again)
    again = run_one(run, out_dir=tmp_path)
    assert again["icl_k_reused"] and again["icl_k"] == cost["icl_k"] and again["icl_k_table"] == cost["icl_k_table"]
    assert RunFolder(tmp_path).read_generations() == gens
