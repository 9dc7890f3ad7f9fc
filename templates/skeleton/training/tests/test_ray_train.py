import os
import subprocess
import sys
import types
import unittest
from unittest import mock

from src.ray_train import RUN_NAME, main, train_loop_per_worker, trainer_config
from src.settings import Settings

# As the RayJob's driver (the head) gets it: 2 pods x 4 GPUs.
MANIFEST_ENV = {"NUM_WORKERS": "8", "STORAGE_PATH": "s3://demo-111122223333/ray"}


class TrainerConfigTest(unittest.TestCase):
    def test_one_worker_per_gpu_checkpointing_to_the_bucket_and_retrying_a_lost_node(self):
        self.assertEqual(
            trainer_config(MANIFEST_ENV),
            {
                "scaling_config": {"num_workers": 8, "use_gpu": True, "resources_per_worker": {"GPU": 1}},
                "run_config": {"name": RUN_NAME, "storage_path": "s3://demo-111122223333/ray"},
                "failure_config": {"max_failures": 3},
                "checkpoint_config": {"num_to_keep": 3},
                "train_loop_config": Settings().as_dict(),
            },
        )

    def test_the_environment_overrides_the_defaults(self):
        config = trainer_config(
            {**MANIFEST_ENV, "MAX_FAILURES": "10", "RUN_NAME": "again", "TOTAL_STEPS": "500", "CHECKPOINT_EVERY": "50"}
        )
        self.assertEqual(config["failure_config"], {"max_failures": 10})
        self.assertEqual(config["run_config"]["name"], "again")
        expected_loop = {**Settings().as_dict(), "total_steps": 500, "checkpoint_every": 50}
        self.assertEqual(config["train_loop_config"], expected_loop)

    def test_refuses_to_guess_the_workers_or_the_storage(self):
        for missing in ("NUM_WORKERS", "STORAGE_PATH"):
            env = {k: v for k, v in MANIFEST_ENV.items() if k != missing}
            with self.assertRaisesRegex(ValueError, f"^{missing} is not set"):
                trainer_config(env)
        with self.assertRaisesRegex(ValueError, "NUM_WORKERS=0"):
            trainer_config({**MANIFEST_ENV, "NUM_WORKERS": "0"})
        with self.assertRaisesRegex(ValueError, "TOTAL_STEPS=0"):
            trainer_config({**MANIFEST_ENV, "TOTAL_STEPS": "0"})

    def test_configuring_imports_neither_ray_nor_torch(self):
        # In a process of its own: other tests here import torch.
        script = (
            "import sys; from src.ray_train import trainer_config; trainer_config(%r); "
            "print(sorted({'ray', 'torch'} & set(sys.modules)))"
        )
        out = subprocess.run([sys.executable, "-c", script % MANIFEST_ENV], check=True, capture_output=True, text=True)
        self.assertEqual(out.stdout.strip(), "[]")


class Recorder:
    """A Ray config class or trainer that keeps what it was given."""

    made = []

    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs
        Recorder.made.append(self)

    def fit(self):
        self.fitted = True


def fake_ray():
    train = types.ModuleType("ray.train")
    for name in ("ScalingConfig", "RunConfig", "FailureConfig", "CheckpointConfig"):
        setattr(train, name, type(name, (Recorder,), {}))
    torch = types.ModuleType("ray.train.torch")
    torch.TorchTrainer = type("TorchTrainer", (Recorder,), {})
    ray = types.ModuleType("ray")
    ray.train, train.torch = train, torch
    return {"ray": ray, "ray.train": train, "ray.train.torch": torch}


class MainTest(unittest.TestCase):
    def test_fits_a_torch_trainer_with_the_config_on_ray_train_v2(self):
        Recorder.made = []
        with mock.patch.dict(sys.modules, fake_ray()), mock.patch.dict(os.environ, MANIFEST_ENV, clear=True):
            main()
            self.assertEqual(os.environ["RAY_TRAIN_V2_ENABLED"], "1")
        trainer = next(r for r in Recorder.made if type(r).__name__ == "TorchTrainer")
        self.assertTrue(trainer.fitted)
        self.assertEqual(trainer.args, (train_loop_per_worker,))
        self.assertEqual(trainer.kwargs["train_loop_config"], Settings().as_dict())
        self.assertEqual(trainer.kwargs["scaling_config"].kwargs, trainer_config(MANIFEST_ENV)["scaling_config"])
        run = trainer.kwargs["run_config"].kwargs
        self.assertEqual(run["storage_path"], "s3://demo-111122223333/ray")
        self.assertEqual(run["name"], RUN_NAME)
        self.assertEqual(run["failure_config"].kwargs, {"max_failures": 3})
        self.assertEqual(run["checkpoint_config"].kwargs, {"num_to_keep": 3})


if __name__ == "__main__":
    unittest.main()
