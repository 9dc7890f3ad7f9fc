"""The torchrun launcher, as the PyTorchJobs run it:

    torchrun --nnodes=<pods> --nproc-per-node=<GPUs or NeuronCores per pod> -m src.main

ACCELERATOR=neuron trains on Trainium (PyTorch/XLA, src/neuron.py); otherwise DDP on the
pod's GPUs (NCCL), or on CPU processes (gloo) where there are none. Environment:
CHECKPOINT_DIR, CHECKPOINT_S3_URI, CHECKPOINT_EVERY, TOTAL_STEPS, MODEL_WIDTH, LOG_EVERY,
ACCELERATOR (see README.md).
"""

import os
from typing import Mapping

from .file_checkpoints import FileCheckpoints
from .preemption import Preemption
from .settings import Settings
from .train_loop import train

CHECKPOINT_DIR = os.environ.get("CHECKPOINT_DIR", "/checkpoints")
# The project's bucket (its ACK Bucket in k8s/); empty to keep checkpoints local.
CHECKPOINT_S3_URI = os.environ.get("CHECKPOINT_S3_URI", ${{ values.checkpointS3Uri | dump }})


def distributed_for(env: Mapping[str, str]):
    """This process's place in the run; torch_xla is imported only for ACCELERATOR=neuron."""
    if env.get("ACCELERATOR") == "neuron":
        from .neuron import NeuronDistributed

        return NeuronDistributed.from_torchrun(env)
    from .distributed import Distributed

    return Distributed.from_torchrun(env)


def main() -> None:
    # First, so that a SIGTERM during start-up also ends in a checkpoint rather than a kill.
    preemption = Preemption().watch()
    dist = distributed_for(os.environ)
    train(Settings.from_env(os.environ), dist, FileCheckpoints(CHECKPOINT_DIR, CHECKPOINT_S3_URI, dist), preemption)
    dist.close()


if __name__ == "__main__":
    main()
