"""One process of a data-parallel run, as torchrun starts it: DDP over NCCL on GPUs, gloo on CPU.

The Neuron (src/neuron.py) and Ray Train (src/ray_worker.py) processes differ only in the
methods they override; the training loop calls these and nothing backend-specific.
"""

from typing import Mapping, Optional

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel


class Distributed:
    def __init__(self, rank: int, local_rank: int, world_size: int, device: torch.device, backend: Optional[str]):
        self.rank = rank
        self.local_rank = local_rank
        self.world_size = world_size
        self.device = device
        # The process group this process started (None: a single process, or one Ray started).
        self.backend = backend

    @classmethod
    def from_torchrun(cls, env: Mapping[str, str]) -> "Distributed":
        """Joins the process group torchrun describes (RANK, WORLD_SIZE, MASTER_ADDR...), or runs alone without it."""
        cuda = torch.cuda.is_available()
        local_rank = int(env.get("LOCAL_RANK", "0"))
        device = torch.device(f"cuda:{local_rank}") if cuda else torch.device("cpu")
        if cuda:
            torch.cuda.set_device(device)
        if "WORLD_SIZE" not in env:
            return cls(0, 0, 1, device, None)
        backend = "nccl" if cuda else "gloo"
        dist.init_process_group(backend=backend)
        return cls(dist.get_rank(), local_rank, dist.get_world_size(), device, backend)

    @property
    def writer(self) -> bool:
        """Rank 0 writes the checkpoints; every rank holds the same state."""
        return self.rank == 0

    def wrap(self, model: torch.nn.Module) -> torch.nn.Module:
        if self.world_size == 1:
            return model
        return DistributedDataParallel(model, device_ids=[self.device.index] if self.device.type == "cuda" else None)

    def optimizer_step(self, optimizer: torch.optim.Optimizer) -> None:
        optimizer.step()

    def end_step(self) -> None:
        """Eager backends have nothing to do once a step is done."""

    def save(self, state: dict, path: Optional[str]) -> None:
        """Called by every rank; only the writer is given a path."""
        if path:
            torch.save(state, path)

    def agree_max(self, value: int) -> int:
        return self._all_reduce(value, dist.ReduceOp.MAX)

    def agree_min(self, value: int) -> int:
        return self._all_reduce(value, dist.ReduceOp.MIN)

    def barrier(self) -> None:
        # An all-reduce rather than dist.barrier(): every backend has it, XLA's included.
        self.agree_max(0)

    def close(self) -> None:
        if self.backend:
            dist.destroy_process_group()

    def _all_reduce(self, value: int, op) -> int:
        if self.world_size == 1:
            return value
        tensor = torch.tensor([value], dtype=torch.int32, device=self.device)
        dist.all_reduce(tensor, op=op)
        return int(tensor.item())
