"""What a training run does, read from the environment the manifests set.

Plain Python (no torch): the Ray driver reads it to pass to its workers.
"""

from dataclasses import asdict, dataclass
from typing import Any, Dict, Mapping

# Field -> environment variable.
_ENV = {
    "total_steps": "TOTAL_STEPS",
    "checkpoint_every": "CHECKPOINT_EVERY",
    "log_every": "LOG_EVERY",
    "model_width": "MODEL_WIDTH",
}


@dataclass(frozen=True)
class Settings:
    total_steps: int = 10_000
    # Every this many steps the run checkpoints (and on SIGTERM, and at the end): the most
    # a spot interruption without notice can lose.
    checkpoint_every: int = 100
    log_every: int = 10
    # The width of the skeleton's MLP: 512 gives 2.1M parameters, a 25 MB checkpoint with AdamW's state.
    model_width: int = 512

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> "Settings":
        values = {field: int(env[name]) for field, name in _ENV.items() if env.get(name)}
        for field, value in values.items():
            if value < 1:
                raise ValueError(f"{_ENV[field]}={value}: it must be a positive integer")
        return cls(**values)

    def as_dict(self) -> Dict[str, Any]:
        return asdict(self)
