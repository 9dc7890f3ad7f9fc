"""Checkpoints that survive spot interruptions: the newest complete one wins.

A checkpoint is written to a temporary name and renamed when complete, so an
interruption in the middle of a write never leaves a half checkpoint that a
resumed run would load. The directory is a volume backed by S3 (Mountpoint for
Amazon S3) in the cluster, or any local directory when run by hand.
"""

import os
import re
from typing import Callable, Optional, Tuple

_NAME = re.compile(r"^step-(\d{9})\.ckpt$")


def checkpoint_path(directory: str, step: int) -> str:
    return os.path.join(directory, f"step-{step:09d}.ckpt")


def latest_checkpoint(directory: str) -> Optional[Tuple[int, str]]:
    """The (step, path) of the newest complete checkpoint, or None."""
    if not os.path.isdir(directory):
        return None
    steps = [int(m.group(1)) for m in (_NAME.match(n) for n in os.listdir(directory)) if m]
    if not steps:
        return None
    step = max(steps)
    return step, checkpoint_path(directory, step)


def save_checkpoint(directory: str, step: int, write: Callable[[str], None], keep: int = 3) -> str:
    """Writes a checkpoint with `write(path)`, atomically, and keeps the newest `keep`."""
    os.makedirs(directory, exist_ok=True)
    final = checkpoint_path(directory, step)
    partial = final + ".partial"
    write(partial)
    os.replace(partial, final)
    complete = sorted(n for n in os.listdir(directory) if _NAME.match(n))
    for old in complete[:-keep]:
        os.remove(os.path.join(directory, old))
    return final
