"""The hub path without a hub: tiny random models saved in the Hugging Face cache layout under the paper's real
hub ids, loaded with HF_HUB_OFFLINE=1 by the same code that a user with the hub runs. CodeGen2 must load with the
modelling code its repo ships (`auto_map`, trust_remote_code), never transformers' built-in CodeGen class."""
import json, os, subprocess, sys, textwrap
from conftest import ROOT

SHA = "0123456789abcdef0123456789abcdef01234567"

REMOTE_CONFIG = '''
from transformers import CodeGenConfig
class CodeGen2Config(CodeGenConfig):
    model_type = "codegen"
'''
REMOTE_MODEL = '''
from transformers import CodeGenForCausalLM
from .configuration_codegen2 import CodeGen2Config
class CodeGen2ForCausalLM(CodeGenForCausalLM):
    config_class = CodeGen2Config
    loaded_from_repo_code = True
'''


def fake_hub_repo(cache, hub_id, model, tokenizer, files=None):
    "Save `model` and `tokenizer` as the snapshot of `hub_id` in a Hugging Face cache at `cache` (refs/main → SHA)."
    repo = cache / ("models--" + hub_id.replace("/", "--"))
    snap = repo / "snapshots" / SHA
    model.save_pretrained(snap); tokenizer.save_pretrained(snap)
    for name, text in (files or {}).items(): (snap / name).write_text(text)
    (repo / "refs").mkdir(parents=True, exist_ok=True); (repo / "refs" / "main").write_text(SHA)
    return snap


def test_codegen2_loads_its_own_modelling_code(tmp_path):
    from transformers import CodeGenConfig, CodeGenForCausalLM, AutoTokenizer
    cache = tmp_path / "hub"
    tok = AutoTokenizer.from_pretrained(ROOT / "data/tokenizer/java-bpe-8k")
    model = CodeGenForCausalLM(CodeGenConfig(vocab_size=len(tok), n_embd=32, n_layer=1, n_head=2, rotary_dim=8, n_positions=64))
    snap = fake_hub_repo(cache, "Salesforce/codegen2-1B_P", model, tok,
                         {"configuration_codegen2.py": REMOTE_CONFIG, "modeling_codegen2.py": REMOTE_MODEL})
    cfg = json.loads((snap / "config.json").read_text())
    cfg["auto_map"] = {"AutoConfig": "configuration_codegen2.CodeGen2Config", "AutoModelForCausalLM": "modeling_codegen2.CodeGen2ForCausalLM"}
    (snap / "config.json").write_text(json.dumps(cfg))
    script = textwrap.dedent('''
        import json
        from peft_study.models import load_model, model_info, MODELS
        m, _ = load_model("Salesforce/codegen2-1B_P")
        print(json.dumps({"cls": type(m).__name__, "repo_code": getattr(m, "loaded_from_repo_code", False),
                          "info": model_info("Salesforce/codegen2-1B_P"),
                          "plain": MODELS["Salesforce/codegen-350M-multi"].trust_remote_code}))
    ''')
    env = {**os.environ, "HF_HUB_CACHE": str(cache), "HF_HUB_OFFLINE": "1", "HF_MODULES_CACHE": str(tmp_path / "modules")}
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["cls"] == "CodeGen2ForCausalLM" and got["repo_code"] is True
    assert got["info"]["hub_revision"] == SHA and got["info"]["trust_remote_code"] is True
    assert got["plain"] is False              # CodeGen (1) has no repo code: transformers' own class, as the paper ran it
