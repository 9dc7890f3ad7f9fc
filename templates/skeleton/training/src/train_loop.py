"""The training loop both launchers run: torchrun (src.main) and Ray Train (src.ray_train).

It trains from the newest checkpoint to TOTAL_STEPS, checkpoints every CHECKPOINT_EVERY
steps and at the end, and on SIGTERM finishes the step it is in, checkpoints and returns.
Everything that differs between launchers and accelerators comes in as two objects:

- `dist` (src/distributed.py): rank, device, how to wrap the model, step the optimizer,
  end a step, save, and agree across ranks;
- `store`: where checkpoints go. `load_latest(load)` calls `load(path)` with the newest
  checkpoint and returns its step (None: none yet); `save(step, write, metrics)` is called
  by every rank at the same step, and calls `write(path)` on every rank, with a path only
  on the one that writes.

Written for torch 1.13 and 2.x alike.
"""

from typing import Optional

import torch

from .settings import Settings

BATCH_SIZE = 64
LEARNING_RATE = 3e-4


def build_model(width: int) -> torch.nn.Module:
    # Replace with the project's model; a small MLP keeps the skeleton runnable anywhere.
    return torch.nn.Sequential(torch.nn.Linear(width, 4 * width), torch.nn.GELU(), torch.nn.Linear(4 * width, width))


def batch(step: int, rank: int, width: int, device: torch.device) -> torch.Tensor:
    # Replace with the project's data. Seeded by step and rank: each rank sees its own
    # batches, and a resumed run sees the ones the interrupted run would have.
    generator = torch.Generator().manual_seed(step * 1_000_003 + rank)
    return torch.randn(BATCH_SIZE, width, generator=generator).to(device)


def train(settings: Settings, dist, store, preemption) -> int:
    """Runs the loop; returns the last step done."""

    def say(message: str) -> None:
        if dist.rank == 0:
            print(message, flush=True)

    torch.manual_seed(0)  # the same initial weights on every rank
    model = build_model(settings.model_width).to(dist.device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE)

    def load(path: str) -> None:
        # Onto the CPU first: the optimizer moves its state to its parameters' device.
        state = torch.load(path, map_location="cpu")
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])

    resumed: Optional[int] = store.load_latest(load)
    step = resumed or 0
    start = f"resumed from step {step}" if resumed else "starting at step 0"
    say(f"world size {dist.world_size} on {dist.device.type}; {start}")
    model = dist.wrap(model)
    unwrapped = getattr(model, "module", model)

    while step < settings.total_steps:
        step += 1
        inputs = batch(step, dist.rank, settings.model_width, dist.device)
        loss = torch.nn.functional.mse_loss(model(inputs), inputs)
        optimizer.zero_grad()
        loss.backward()
        dist.optimizer_step(optimizer)
        dist.end_step()
        # Every rank stops after the same step, whichever got the signal first.
        stopping = preemption.watching and dist.agree_max(int(preemption.requested())) == 1
        if step % settings.log_every == 0:
            say(f"step {step} loss {loss.item():.4f}")
        if stopping or step % settings.checkpoint_every == 0 or step == settings.total_steps:
            state = {"step": step, "model": unwrapped.state_dict(), "optimizer": optimizer.state_dict()}
            store.save(step, lambda path: dist.save(state, path), {"step": step, "loss": loss.item()})
            say(f"step {step} checkpointed")
        if stopping:
            say(f"SIGTERM: stopped after step {step}, checkpointed")
            return step
    say(f"finished at step {step}")
    return step
