import os
import tempfile
import unittest

from src.checkpoint import latest_checkpoint, restore_latest_checkpoint, save_checkpoint, upload_checkpoint


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


class FakeS3:
    """The few S3 calls the checkpoints make, on a dict of keys; pages of two keys."""

    def __init__(self):
        self.objects = {}

    def upload_file(self, path, bucket, key):
        with open(path) as f:
            self.objects[(bucket, key)] = f.read()

    def download_file(self, bucket, key, path):
        with open(path, "w") as f:
            f.write(self.objects[(bucket, key)])

    def delete_object(self, Bucket, Key):
        del self.objects[(Bucket, Key)]

    def list_objects_v2(self, Bucket, Prefix, ContinuationToken=None):
        keys = sorted(k for b, k in self.objects if b == Bucket and k.startswith(Prefix))
        start = int(ContinuationToken or 0)
        page = {"Contents": [{"Key": k} for k in keys[start : start + 2]]}
        if start + 2 < len(keys):
            page["NextContinuationToken"] = str(start + 2)
        return page


class S3CheckpointTest(unittest.TestCase):
    def test_a_fresh_node_resumes_from_the_newest_checkpoint_in_the_bucket(self):
        s3 = FakeS3()
        with tempfile.TemporaryDirectory() as first:
            for step in (100, 200, 300, 400):
                path = save_checkpoint(first, step, write_text(f"state {step}"))
                upload_checkpoint(path, "s3://demo-111122223333/checkpoints/", client=s3)
        # The node is gone; the bucket keeps the newest three.
        self.assertEqual(
            sorted(k for _, k in s3.objects),
            [f"checkpoints/step-000000{n}.ckpt" for n in (200, 300, 400)],
        )
        with tempfile.TemporaryDirectory() as fresh:
            self.assertIsNone(latest_checkpoint(fresh))
            step, path = restore_latest_checkpoint(fresh, "s3://demo-111122223333/checkpoints/", client=s3)
            self.assertEqual(step, 400)
            self.assertEqual(latest_checkpoint(fresh), (400, path))
            with open(path) as f:
                self.assertEqual(f.read(), "state 400")

    def test_an_empty_bucket_means_a_fresh_start(self):
        with tempfile.TemporaryDirectory() as d:
            self.assertIsNone(restore_latest_checkpoint(d, "s3://demo-111122223333/checkpoints/", client=FakeS3()))


if __name__ == "__main__":
    unittest.main()
