"""Trainium: the same loop on PyTorch/XLA, as the Neuron SDK's torchrun example runs it.

https://awsdocs-neuron.readthedocs-hosted.com/en/latest/frameworks/torch/torch-neuronx/tutorials/training/mlp.html
(multi-worker MLP with torchrun) and the PyTorch Neuron developer guide: import
torch_xla.distributed.xla_backend before init_process_group("xla"), all-reduce the
gradients with xm.optimizer_step, end each step with xm.mark_step (XLA tensors are lazy:
without it the graph grows with every step), save with xm.save (it moves the tensors to
the CPU and waits for every rank). Only ACCELERATOR=neuron imports this module; torch_xla
comes with the Neuron training container.
"""

from typing import Mapping, Optional

import torch
import torch.distributed as dist

from .distributed import Distributed


class NeuronDistributed(Distributed):
    @classmethod
    def from_torchrun(cls, env: Mapping[str, str]) -> "NeuronDistributed":
        import torch_xla.core.xla_model as xm

        # Registers the "xla" process-group backend; init_process_group("xla") fails without it.
        import torch_xla.distributed.xla_backend  # noqa: F401

        dist.init_process_group("xla")
        return cls(dist.get_rank(), int(env.get("LOCAL_RANK", "0")), dist.get_world_size(), xm.xla_device(), "xla")

    def wrap(self, model: torch.nn.Module) -> torch.nn.Module:
        # No DDP: xm.optimizer_step all-reduces the gradients.
        return model

    def optimizer_step(self, optimizer: torch.optim.Optimizer) -> None:
        import torch_xla.core.xla_model as xm

        xm.optimizer_step(optimizer)

    def end_step(self) -> None:
        import torch_xla.core.xla_model as xm

        xm.mark_step()

    def save(self, state: dict, path: Optional[str]) -> None:
        import torch_xla.core.xla_model as xm

        # Collective: every rank calls it, the global master writes.
        xm.save(state, path, master_only=True, global_master=True)
