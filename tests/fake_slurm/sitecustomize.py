"""Loaded at interpreter start when tests/fake_slurm is on PYTHONPATH (the SLURM tests only): the SLURM executor
plugin sleeps 5 s before every sbatch call, for a real cluster's sake; with fake SLURM commands that would make the
paper grid's 197 submissions take a quarter of an hour, so sleeps are capped at 0.05 s."""
import os, time
if os.environ.get("FAKE_SLURM_DIR"):
    _sleep = time.sleep
    time.sleep = lambda s: _sleep(min(s, 0.05))
