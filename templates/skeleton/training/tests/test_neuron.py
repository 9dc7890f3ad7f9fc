"""The Trainium path, with a stand-in torch_xla that records what the loop asks of it."""

import contextlib
import io
import os
import sys
import tempfile
import textwrap
import unittest
from unittest import mock

from src.file_checkpoints import FileCheckpoints
from src.preemption import Preemption
from src.settings import Settings

from .support import HAS_TORCH, NEEDS_TORCH

if HAS_TORCH:
    import torch

    from src.main import distributed_for
    from src.neuron import NeuronDistributed
    from src.train_loop import train

# A torch_xla package with the calls the loop makes; each appends to torch_xla.calls.
FAKE_TORCH_XLA = {
    "torch_xla/__init__.py": "calls = []\n",
    "torch_xla/core/__init__.py": "",
    "torch_xla/core/xla_model.py": """
        import torch
        import torch_xla

        def xla_device():
            torch_xla.calls.append("xla_device")
            return torch.device("cpu")

        def optimizer_step(optimizer):
            torch_xla.calls.append("optimizer_step")
            optimizer.step()

        def mark_step():
            torch_xla.calls.append("mark_step")

        def save(data, path, master_only=True, global_master=False):
            torch_xla.calls.append(("save", master_only, global_master))
            if path:
                torch.save(data, path)
    """,
    "torch_xla/distributed/__init__.py": "",
    "torch_xla/distributed/xla_backend.py": 'import torch_xla\ntorch_xla.calls.append("xla_backend registered")\n',
}


@unittest.skipUnless(HAS_TORCH, NEEDS_TORCH)
class NeuronTest(unittest.TestCase):
    def setUp(self):
        self.site = tempfile.TemporaryDirectory()
        for name, text in FAKE_TORCH_XLA.items():
            path = os.path.join(self.site.name, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(textwrap.dedent(text))
        sys.path.insert(0, self.site.name)

    def tearDown(self):
        sys.path.remove(self.site.name)
        for name in [m for m in sys.modules if m == "torch_xla" or m.startswith("torch_xla.")]:
            del sys.modules[name]
        self.site.cleanup()

    def calls(self):
        import torch_xla

        return torch_xla.calls

    def test_accelerator_neuron_registers_the_xla_backend_before_joining_the_group(self):
        import torch_xla

        joined = []
        def init_process_group(backend):
            joined.append(list(torch_xla.calls) + [backend])

        with mock.patch("torch.distributed.init_process_group", init_process_group), mock.patch(
            "torch.distributed.get_rank", return_value=3
        ), mock.patch("torch.distributed.get_world_size", return_value=64):
            dist = distributed_for({"ACCELERATOR": "neuron", "LOCAL_RANK": "3", "WORLD_SIZE": "64"})
        self.assertIsInstance(dist, NeuronDistributed)
        self.assertEqual(joined, [["xla_backend registered", "xla"]])
        self.assertEqual((dist.rank, dist.local_rank, dist.world_size, dist.backend), (3, 3, 64, "xla"))

    def test_other_accelerators_never_import_torch_xla(self):
        dist = distributed_for({"ACCELERATOR": "cuda"})
        self.assertNotIsInstance(dist, NeuronDistributed)
        self.assertNotIn("torch_xla", sys.modules)

    def test_the_loop_on_xla_marks_every_step_and_saves_with_xm_save(self):
        dist = NeuronDistributed(0, 0, 1, torch.device("cpu"), "xla")
        settings = Settings(total_steps=3, checkpoint_every=3, log_every=10, model_width=8)
        with tempfile.TemporaryDirectory() as d, contextlib.redirect_stdout(io.StringIO()):
            train(settings, dist, FileCheckpoints(d, "", dist), Preemption())
            self.assertTrue(os.path.exists(os.path.join(d, "step-000000003.ckpt")))
        per_step = [c for c in self.calls() if c in ("optimizer_step", "mark_step")]
        self.assertEqual(per_step, ["optimizer_step", "mark_step"] * 3)
        self.assertEqual([c for c in self.calls() if isinstance(c, tuple)], [("save", True, True)])

    def test_a_rank_that_does_not_write_still_joins_xm_save(self):
        # xm.save waits for every rank: the others call it too, without a path.
        dist = NeuronDistributed(1, 1, 2, torch.device("cpu"), "xla")
        with tempfile.TemporaryDirectory() as d:
            FileCheckpoints(d, "", dist).save(5, lambda path: dist.save({"step": 5}, path), {})
            self.assertEqual(os.listdir(d) if os.path.isdir(d) else [], [])
        self.assertEqual(self.calls(), [("save", True, True)])


if __name__ == "__main__":
    unittest.main()
