"""Elastic data-parallel training that resumes from the newest checkpoint.

Run by torchrun (PyTorchJob / RayJob workers set the rendezvous environment). On
spot capacity a node can disappear at any time: every CHECKPOINT_EVERY steps rank 0
saves model, optimizer and step; a restarted job continues from there.
"""

import os

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel

from .checkpoint import latest_checkpoint, restore_latest_checkpoint, save_checkpoint, upload_checkpoint

CHECKPOINT_DIR = os.environ.get("CHECKPOINT_DIR", "/checkpoints")
# The project's bucket (its ACK Bucket in k8s/); empty to keep checkpoints local.
CHECKPOINT_S3_URI = os.environ.get("CHECKPOINT_S3_URI", ${{ values.checkpointS3Uri | dump }})
CHECKPOINT_EVERY = int(os.environ.get("CHECKPOINT_EVERY", "100"))
TOTAL_STEPS = int(os.environ.get("TOTAL_STEPS", "10000"))


def build_model() -> torch.nn.Module:
    # Replace with the project's model; a small MLP keeps the skeleton runnable anywhere.
    return torch.nn.Sequential(torch.nn.Linear(512, 2048), torch.nn.GELU(), torch.nn.Linear(2048, 512))


def pick_device() -> torch.device:
    if os.environ.get("ACCELERATOR") == "neuron":
        # Trainium: PyTorch/XLA from the Neuron deep-learning container.
        import torch_xla.core.xla_model as xm

        return xm.xla_device()
    if torch.cuda.is_available():
        return torch.device(f"cuda:{int(os.environ.get('LOCAL_RANK', 0))}")
    return torch.device("cpu")


def main() -> None:
    distributed = "WORLD_SIZE" in os.environ
    if distributed:
        backend = "xla" if os.environ.get("ACCELERATOR") == "neuron" else "nccl" if torch.cuda.is_available() else "gloo"
        dist.init_process_group(backend=backend)
    rank = dist.get_rank() if distributed else 0
    device = pick_device()

    model = build_model().to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)
    start = 0
    # A fresh node (spot replaced it) has no local checkpoint: take the newest from S3.
    found = latest_checkpoint(CHECKPOINT_DIR) or (
        restore_latest_checkpoint(CHECKPOINT_DIR, CHECKPOINT_S3_URI) if CHECKPOINT_S3_URI else None
    )
    if found:
        step, path = found
        state = torch.load(path, map_location=device)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        start = step
        print(f"resumed from step {step}", flush=True)
    if distributed:
        model = DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None)

    for step in range(start + 1, TOTAL_STEPS + 1):
        batch = torch.randn(64, 512, device=device)
        loss = torch.nn.functional.mse_loss(model(batch), batch)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % CHECKPOINT_EVERY == 0 and rank == 0:
            inner = model.module if distributed else model
            path = save_checkpoint(
                CHECKPOINT_DIR,
                step,
                lambda path: torch.save({"model": inner.state_dict(), "optimizer": optimizer.state_dict()}, path),
            )
            if CHECKPOINT_S3_URI:
                upload_checkpoint(path, CHECKPOINT_S3_URI)
            print(f"step {step} loss {loss.item():.4f} (checkpointed)", flush=True)

    if distributed:
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
