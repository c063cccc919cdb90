#!/usr/bin/env bash
# The GPU check (benchmarks/gpu_check.py), on a GPU machine with Python 3.12 and torch but no network.
#   with network, once:  bash benchmarks/gpu_check.sh prepare   # the project's pinned transformers/peft/accelerate as wheels in .whl/
#   on the GPU machine:  bash benchmarks/gpu_check.sh run       # with .whl/ copied beside the checkout (not yet timed on a GPU)
# A GPU image may hold a newer transformers/peft than the project pins; the check installs the pinned versions into
# /tmp/site (nothing else touched) so that it checks the code the study runs.
# Writes gpu_check.json and gpu_check.md to $OUT (or ./gpu_check_out), and the log to gpu_check.log beside them.
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-run}" in
prepare)
  rm -rf .whl && mkdir -p .whl
  # for CPython 3.12 on x86-64: pure-Python wheels plus tokenizers' abi3 build
  python3 -m pip download --quiet --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
    --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 -d .whl \
    transformers==4.57.6 peft==0.17.1 accelerate==1.10.1 huggingface_hub==0.36.2 tokenizers==0.22.2 adapters==1.3.0 \
    hjson==3.1.0 msgpack==1.2.4 ninja==1.13.2 py-cpuinfo==9.0.0 einops==0.8.2
  # DeepSpeed (the ZeRO-3 launch) is published as source only: its pure-Python wheel, built here (ops build at first use)
  python3 -m pip wheel --quiet --no-deps -w .whl deepspeed==0.19.8
  # bitsandbytes (QLoRA) is not carried: its wheel alone (43 MB) would pass the device's 64 MiB; QLoRA rows run where
  # the GPU machine has it, and otherwise say why they cannot
  du -sh .whl && ls .whl ;;
run)
  out="${OUT:-gpu_check_out}"; mkdir -p "$out"
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl
  export PYTHONPATH="/tmp/site:$PWD" PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 PEFT_STUDY_ROOT="$PWD"
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv || true
  python3 benchmarks/gpu_check.py "$out" 2>&1 | tee "$out/gpu_check.log" ;;
*) echo "usage: $0 prepare|run" >&2; exit 2 ;;
esac
