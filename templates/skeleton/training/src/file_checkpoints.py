"""The torchrun launchers' checkpoint store: CHECKPOINT_DIR in the pod, and the project's bucket.

Rank 0 writes each checkpoint and uploads it to CHECKPOINT_S3_URI; on start each pod's
first process fetches the bucket's newest if it is newer than the pod's own, and every
rank loads the same step.
"""

from typing import Callable, Optional

from .checkpoint import latest_checkpoint, restore_latest_checkpoint, save_checkpoint, upload_checkpoint


class FileCheckpoints:
    def __init__(self, directory: str, s3_uri: str, dist) -> None:
        self.directory = directory
        self.s3_uri = s3_uri
        self.dist = dist

    def load_latest(self, load: Callable[[str], None]) -> Optional[int]:
        if self.s3_uri and self.dist.local_rank == 0:
            restore_latest_checkpoint(self.directory, self.s3_uri)
        self.dist.barrier()  # the other processes of the pod wait for the download
        found = latest_checkpoint(self.directory)
        step = found[0] if found else 0
        if self.dist.agree_min(step) != self.dist.agree_max(step):
            raise RuntimeError(
                f"the ranks found different newest checkpoints in {self.directory} (this one: step {step}); "
                "set CHECKPOINT_S3_URI so every pod resumes from the bucket's newest"
            )
        if not found:
            return None
        load(found[1])
        return step

    def save(self, step: int, write: Callable[[Optional[str]], None], metrics: dict) -> None:
        if not self.dist.writer:
            write(None)
            return
        path = save_checkpoint(self.directory, step, write)
        if self.s3_uri:
            upload_checkpoint(path, self.s3_uri)
