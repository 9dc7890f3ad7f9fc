"""A Ray Train worker running the loop, against a stand-in of the ray.train calls it makes."""

import contextlib
import io
import os
import shutil
import sys
import tempfile
import types
import unittest
from unittest import mock

from src.preemption import Preemption
from src.settings import Settings

from .support import HAS_TORCH, NEEDS_TORCH

if HAS_TORCH:
    import torch


class FakeCheckpoint:
    """A reported checkpoint: a copy of its directory, kept after the worker deletes its own."""

    def __init__(self, directory):
        self.directory = tempfile.mkdtemp()
        shutil.copytree(directory, self.directory, dirs_exist_ok=True)

    @contextlib.contextmanager
    def as_directory(self):
        yield self.directory


class FakeRayTrain:
    def __init__(self, rank=0, world_size=1, restored=None):
        self.reports = []
        self.restored = restored
        self.context = types.SimpleNamespace(
            get_world_rank=lambda: rank, get_local_rank=lambda: rank, get_world_size=lambda: world_size
        )

    def modules(self):
        train = types.ModuleType("ray.train")
        train.get_context = lambda: self.context
        train.get_checkpoint = lambda: self.restored
        train.report = lambda metrics, checkpoint=None: self.reports.append((metrics, checkpoint))
        train.Checkpoint = types.SimpleNamespace(from_directory=FakeCheckpoint)
        train_torch = types.ModuleType("ray.train.torch")
        train_torch.get_device = lambda: torch.device("cpu")
        train_torch.prepare_model = lambda model: model
        ray = types.ModuleType("ray")
        ray.train, train.torch = train, train_torch
        return {"ray": ray, "ray.train": train, "ray.train.torch": train_torch}

    def run(self, settings):
        with mock.patch.dict(sys.modules, self.modules()):
            sys.modules.pop("src.ray_worker", None)
            from src.ray_worker import RayCheckpoints, RayDistributed
            from src.train_loop import train

            dist = RayDistributed.current()
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                step = train(settings, dist, RayCheckpoints(dist), Preemption().watch())
            sys.modules.pop("src.ray_worker", None)
        return step, out.getvalue()


@unittest.skipUnless(HAS_TORCH, NEEDS_TORCH)
class RayWorkerTest(unittest.TestCase):
    settings = Settings(total_steps=4, checkpoint_every=2, log_every=10, model_width=8)

    def test_reports_each_checkpoint_and_resumes_from_the_last_reported(self):
        first = FakeRayTrain()
        self.assertEqual(first.run(self.settings), (4, mock.ANY))
        self.assertEqual([(m["step"], sorted(os.listdir(c.directory))) for m, c in first.reports], [
            (2, ["step-000000002.ckpt"]),
            (4, ["step-000000004.ckpt"]),
        ])
        # Ray Train restarts the workers (or a new driver the run) with the last checkpoint.
        again = FakeRayTrain(restored=first.reports[-1][1])
        step, out = again.run(Settings(**{**self.settings.as_dict(), "total_steps": 6}))
        self.assertEqual(step, 6)
        self.assertIn("resumed from step 4", out)
        self.assertEqual([m["step"] for m, _ in again.reports], [6])

    def test_the_other_workers_report_without_a_checkpoint(self):
        worker = FakeRayTrain(rank=1, world_size=2)
        with mock.patch.dict(sys.modules, worker.modules()):
            from src.ray_worker import RayCheckpoints

            written = []
            RayCheckpoints(types.SimpleNamespace(writer=False)).save(2, written.append, {"step": 2})
            sys.modules.pop("src.ray_worker", None)
        self.assertEqual(written, [None])
        self.assertEqual(worker.reports, [({"step": 2}, None)])


if __name__ == "__main__":
    unittest.main()
