import os
import tempfile
import unittest

from src.checkpoint import latest_checkpoint, save_checkpoint


def write_text(text):
    def write(path):
        with open(path, "w") as f:
            f.write(text)

    return write


class CheckpointTest(unittest.TestCase):
    def test_resumes_from_the_newest_complete_checkpoint(self):
        with tempfile.TemporaryDirectory() as d:
            self.assertIsNone(latest_checkpoint(d))
            save_checkpoint(d, 100, write_text("a"))
            save_checkpoint(d, 200, write_text("b"))
            # An interrupted write leaves only a .partial file, which is never loaded.
            with open(os.path.join(d, "step-000000300.ckpt.partial"), "w") as f:
                f.write("half")
            step, path = latest_checkpoint(d)
            self.assertEqual(step, 200)
            with open(path) as f:
                self.assertEqual(f.read(), "b")

    def test_keeps_only_the_newest(self):
        with tempfile.TemporaryDirectory() as d:
            for step in (1, 2, 3, 4, 5):
                save_checkpoint(d, step, write_text(str(step)), keep=2)
            self.assertEqual(sorted(n for n in os.listdir(d) if n.endswith(".ckpt")), ["step-000000004.ckpt", "step-000000005.ckpt"])


if __name__ == "__main__":
    unittest.main()
