import contextlib
import io
import os
import signal
import tempfile
import unittest

from src.checkpoint import latest_checkpoint
from src.file_checkpoints import FileCheckpoints
from src.preemption import Preemption
from src.settings import Settings

from .support import HAS_TORCH, NEEDS_TORCH

if HAS_TORCH:
    import torch

    from src.distributed import Distributed
    from src.train_loop import train

SMALL = Settings(total_steps=6, checkpoint_every=2, log_every=1, model_width=8)


def single_process(cls=None):
    return (cls or Distributed)(0, 0, 1, torch.device("cpu"), None)


def run(settings, directory, dist=None, preemption=None):
    """train() in this process; returns (last step, what rank 0 printed)."""
    dist = dist or single_process()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        step = train(settings, dist, FileCheckpoints(directory, "", dist), preemption or Preemption())
    return step, out.getvalue()


def weights(path):
    return torch.load(path, map_location="cpu")["model"]


@unittest.skipUnless(HAS_TORCH, NEEDS_TORCH)
class TrainLoopTest(unittest.TestCase):
    def tearDown(self):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)

    def test_sigterm_finishes_the_step_checkpoints_it_and_returns(self):
        class SignalledAtStep3(Distributed):
            steps = 0

            def end_step(self):
                SignalledAtStep3.steps += 1
                if SignalledAtStep3.steps == 3:
                    os.kill(os.getpid(), signal.SIGTERM)

        settings = Settings(total_steps=1000, checkpoint_every=100, log_every=1000, model_width=8)
        with tempfile.TemporaryDirectory() as d:
            step, out = run(settings, d, single_process(SignalledAtStep3), Preemption().watch())
            self.assertEqual(step, 3)
            self.assertEqual(latest_checkpoint(d)[0], 3)
            self.assertEqual(torch.load(latest_checkpoint(d)[1])["step"], 3)
        self.assertIn("SIGTERM: stopped after step 3, checkpointed", out)

    def test_without_a_signal_it_trains_to_the_end(self):
        with tempfile.TemporaryDirectory() as d:
            step, out = run(SMALL, d, preemption=Preemption().watch())
            self.assertEqual(step, 6)
            self.assertEqual(sorted(n for n in os.listdir(d)), [f"step-00000000{n}.ckpt" for n in (2, 4, 6)])
        self.assertIn("finished at step 6", out)
        self.assertNotIn("SIGTERM", out)

    def test_a_resumed_run_ends_where_an_uninterrupted_one_does(self):
        with tempfile.TemporaryDirectory() as whole, tempfile.TemporaryDirectory() as halves:
            run(SMALL, whole)
            first, out = run(Settings(**{**SMALL.as_dict(), "total_steps": 4}), halves)
            self.assertEqual(first, 4)
            self.assertIn("starting at step 0", out)
            last, out = run(SMALL, halves)
            self.assertEqual(last, 6)
            self.assertIn("resumed from step 4", out)
            expected, resumed = weights(latest_checkpoint(whole)[1]), weights(latest_checkpoint(halves)[1])
            for name in expected:
                self.assertTrue(torch.equal(expected[name], resumed[name]), name)

    def test_a_finished_run_does_nothing_more(self):
        with tempfile.TemporaryDirectory() as d:
            run(SMALL, d)
            step, out = run(SMALL, d)
            self.assertEqual(step, 6)
            self.assertIn("resumed from step 6", out)

    def test_ranks_that_found_different_checkpoints_refuse_to_train(self):
        class Disagreeing(Distributed):
            def agree_max(self, value):
                return value + 1

        with tempfile.TemporaryDirectory() as d:
            with self.assertRaisesRegex(RuntimeError, "different newest checkpoints"):
                run(SMALL, d, single_process(Disagreeing))


if __name__ == "__main__":
    unittest.main()
