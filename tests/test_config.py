"Study configs: the shipped ones load, and bad ones fail with a message naming the problem."
import pytest, yaml
from peft_study.config import load_study, ConfigError, METHODS
from conftest import ROOT


def write(tmp_path, **changes):
    raw = yaml.safe_load((ROOT / "configs" / "smoke.yaml").read_text())
    raw.update(changes)
    p = tmp_path / "study.yaml"; p.write_text(yaml.safe_dump(raw)); return p


@pytest.mark.parametrize("name", sorted(p.stem for p in (ROOT / "configs").glob("*.yaml") if p.stem != "corpus"))  # corpus.yaml: the mining config
def test_shipped_configs_load(name):
    study = load_study(name, ROOT / "configs")
    assert study.runs() and all(r.method in METHODS for r in study.runs())
    assert len({r.run_id for r in study.runs()}) == len(study.runs())  # stable, unique ids


def test_smoke_grid_is_baseline_and_lora():
    study = load_study("smoke", ROOT / "configs")
    assert [r.method for r in study.runs()] == ["baseline", "lora"]
    assert [r.run_id for r in study.runs()] == ["smoke/tiny-llama-untrained/baseline/seed-42", "smoke/tiny-llama-untrained/lora/seed-42"]


def test_misspelt_key(tmp_path):
    raw = yaml.safe_load((ROOT / "configs" / "smoke.yaml").read_text())
    raw["method"] = raw.pop("methods")
    p = tmp_path / "s.yaml"; p.write_text(yaml.safe_dump(raw))
    with pytest.raises(ConfigError, match=r"`method` = \['baseline', 'lora'\] is an unknown key.*did you mean 'methods'"):
        load_study(p)


def test_unknown_method(tmp_path):
    with pytest.raises(ConfigError, match=r"`methods` = 'adapterfusion' is not allowed; allowed: baseline, full, lora, ia3, prompt, bitfit"):
        load_study(write(tmp_path, methods=["lora", "adapterfusion"]))


def test_negative_seed(tmp_path):
    with pytest.raises(ConfigError, match=r"`seeds` = -3 must be a non-negative integer"):
        load_study(write(tmp_path, seeds=[1, -3]))


def test_unknown_model_and_dataset(tmp_path):
    with pytest.raises(ConfigError, match=r"`models` = 'tiny-llama' is not allowed.*did you mean 'tiny-llama-untrained'"):
        load_study(write(tmp_path, models=["tiny-llama"]))
    with pytest.raises(ConfigError, match=r"`datasets` = 'methods2tset' is not allowed; allowed: smoke"):
        load_study(write(tmp_path, datasets=["methods2tset"]))


def test_wrong_types(tmp_path):
    with pytest.raises(ConfigError, match=r"`generation.max_new_tokens` = 'many' must be of type int"):
        load_study(write(tmp_path, generation={"max_new_tokens": "many"}))
    with pytest.raises(ConfigError, match=r"`seeds` = 42 must be of type list"):
        load_study(write(tmp_path, seeds=42))


def test_hub_id_and_local_folder_are_accepted_models(tmp_path):
    study = load_study(write(tmp_path, models=["Salesforce/codegen-350M-multi", str(tmp_path)]))
    assert {r.model for r in study.runs()} == {"Salesforce/codegen-350M-multi", str(tmp_path)}
