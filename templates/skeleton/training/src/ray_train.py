"""The Ray Train launcher, the RayJob's entrypoint: `python -m src.ray_train`.

The driver runs on the Ray head; it starts NUM_WORKERS Ray Train workers, one per GPU,
each running the shared loop (src/train_loop.py). Checkpoints are reported to Ray Train,
which keeps them under STORAGE_PATH/<run name> in the project's bucket:

- a lost worker node (spot) fails the attempt; Ray Train restarts the workers, up to
  MAX_FAILURES times, from the last reported checkpoint (ray.train.get_checkpoint());
- a new driver (the RayJob retried on a new cluster) with the same storage path and run
  name resumes from there too (Ray Train V2's job-driver fault tolerance).

https://docs.ray.io/en/latest/train/user-guides/fault-tolerance.html,
https://docs.ray.io/en/latest/train/user-guides/checkpoints.html

Environment of the driver: NUM_WORKERS (pods x GPUs per pod), STORAGE_PATH
(s3://<project bucket>/ray), MAX_FAILURES (default 3), RUN_NAME (default the project's
name; a new name starts over), and the loop's TOTAL_STEPS, CHECKPOINT_EVERY, MODEL_WIDTH,
LOG_EVERY, passed on to the workers.
"""

import os
from typing import Any, Dict, Mapping

from .settings import Settings

RUN_NAME = ${{ values.name | dump }}
DEFAULT_MAX_FAILURES = 3
# As many as the torchrun launchers keep in the bucket.
CHECKPOINTS_TO_KEEP = 3


def _required(env: Mapping[str, str], name: str, what: str) -> str:
    value = env.get(name, "")
    if not value:
        raise ValueError(f"{name} is not set: {what}")
    return value


def trainer_config(env: Mapping[str, str]) -> Dict[str, Any]:
    """The keyword arguments of the TorchTrainer's configuration objects, from the environment."""
    workers = int(_required(env, "NUM_WORKERS", "the number of training workers, one per GPU (pods x GPUs per pod)"))
    storage = _required(env, "STORAGE_PATH", "where Ray Train keeps checkpoints, s3://<project bucket>/ray")
    max_failures = int(env.get("MAX_FAILURES") or DEFAULT_MAX_FAILURES)
    if workers < 1:
        raise ValueError(f"NUM_WORKERS={workers}: at least one worker")
    return {
        "scaling_config": {"num_workers": workers, "use_gpu": True, "resources_per_worker": {"GPU": 1}},
        "run_config": {"name": env.get("RUN_NAME") or RUN_NAME, "storage_path": storage},
        "failure_config": {"max_failures": max_failures},
        "checkpoint_config": {"num_to_keep": CHECKPOINTS_TO_KEEP},
        "train_loop_config": Settings.from_env(env).as_dict(),
    }


def train_loop_per_worker(config: Dict[str, Any]) -> None:
    # Imported on the workers: the driver needs neither torch nor a GPU.
    from .preemption import Preemption
    from .ray_worker import RayCheckpoints, RayDistributed
    from .train_loop import train

    dist = RayDistributed.current()
    train(Settings(**config), dist, RayCheckpoints(dist), Preemption().watch())


def main() -> None:
    # Ray Train V2 (Ray >= 2.43): a new driver resumes the run of the same name. The driver
    # passes the variable on to the workers.
    os.environ.setdefault("RAY_TRAIN_V2_ENABLED", "1")
    import ray.train
    from ray.train.torch import TorchTrainer

    config = trainer_config(os.environ)
    trainer = TorchTrainer(
        train_loop_per_worker,
        train_loop_config=config["train_loop_config"],
        scaling_config=ray.train.ScalingConfig(**config["scaling_config"]),
        run_config=ray.train.RunConfig(
            **config["run_config"],
            failure_config=ray.train.FailureConfig(**config["failure_config"]),
            checkpoint_config=ray.train.CheckpointConfig(**config["checkpoint_config"]),
        ),
    )
    trainer.fit()


if __name__ == "__main__":
    main()
