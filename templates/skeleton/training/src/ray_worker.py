"""A Ray Train worker's side of the loop: its place in the run, and Ray Train's checkpoints."""

import tempfile
from typing import Callable, Optional

import ray.train
import ray.train.torch
import torch

from .checkpoint import latest_checkpoint, save_checkpoint
from .distributed import Distributed


class RayDistributed(Distributed):
    """Ray Train started the process group (NCCL on GPUs) and owns it."""

    @classmethod
    def current(cls) -> "RayDistributed":
        context = ray.train.get_context()
        return cls(
            context.get_world_rank(),
            context.get_local_rank(),
            context.get_world_size(),
            ray.train.torch.get_device(),
            None,
        )

    def wrap(self, model: torch.nn.Module) -> torch.nn.Module:
        return ray.train.torch.prepare_model(model)


class RayCheckpoints:
    """Checkpoints reported to Ray Train, which uploads them to STORAGE_PATH."""

    def __init__(self, dist: RayDistributed) -> None:
        self.dist = dist

    def load_latest(self, load: Callable[[str], None]) -> Optional[int]:
        checkpoint = ray.train.get_checkpoint()
        if checkpoint is None:
            return None
        with checkpoint.as_directory() as directory:
            step, path = latest_checkpoint(directory)
            load(path)
        return step

    def save(self, step: int, write: Callable[[Optional[str]], None], metrics: dict) -> None:
        # Every worker reports (Ray Train waits for all of them); only the writer with a checkpoint.
        with tempfile.TemporaryDirectory() as directory:
            checkpoint = None
            if self.dist.writer:
                save_checkpoint(directory, step, write, keep=1)
                checkpoint = ray.train.Checkpoint.from_directory(directory)
            else:
                write(None)
            ray.train.report(metrics, checkpoint=checkpoint)
