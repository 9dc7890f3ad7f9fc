import os
import sys
import tempfile
import types
import unittest
from unittest import mock

from src.checkpoint import latest_checkpoint, restore_latest_checkpoint, save_checkpoint, upload_checkpoint

from .support import FakeS3

BUCKET = "s3://demo-111122223333/checkpoints/"


def write_text(text):
    def write(path):
        with open(path, "w") as f:
            f.write(text)

    return write


def read(path):
    with open(path) as f:
        return f.read()


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
            self.assertEqual(read(path), "b")

    def test_keeps_only_the_newest(self):
        with tempfile.TemporaryDirectory() as d:
            for step in (1, 2, 3, 4, 5):
                save_checkpoint(d, step, write_text(str(step)), keep=2)
            kept = sorted(n for n in os.listdir(d) if n.endswith(".ckpt"))
            self.assertEqual(kept, ["step-000000004.ckpt", "step-000000005.ckpt"])


class S3CheckpointTest(unittest.TestCase):
    def upload(self, s3, steps):
        with tempfile.TemporaryDirectory() as node:
            for step in steps:
                upload_checkpoint(save_checkpoint(node, step, write_text(f"state {step}")), BUCKET, client=s3)

    def test_a_fresh_node_resumes_from_the_newest_checkpoint_in_the_bucket(self):
        s3 = FakeS3()
        self.upload(s3, (100, 200, 300, 400))
        # The node is gone; the bucket keeps the newest three.
        self.assertEqual(
            sorted(k for _, k in s3.objects),
            [f"checkpoints/step-000000{n}.ckpt" for n in (200, 300, 400)],
        )
        with tempfile.TemporaryDirectory() as fresh:
            self.assertIsNone(latest_checkpoint(fresh))
            step, path = restore_latest_checkpoint(fresh, BUCKET, client=s3)
            self.assertEqual(step, 400)
            self.assertEqual(latest_checkpoint(fresh), (400, path))
            self.assertEqual(read(path), "state 400")

    def test_a_pod_behind_the_bucket_takes_the_buckets_newest(self):
        s3 = FakeS3()
        self.upload(s3, (300, 400))
        with tempfile.TemporaryDirectory() as pod:
            save_checkpoint(pod, 200, write_text("stale"))
            self.assertEqual(restore_latest_checkpoint(pod, BUCKET, client=s3)[0], 400)
            self.assertEqual(read(latest_checkpoint(pod)[1]), "state 400")

    def test_a_pod_as_new_as_the_bucket_downloads_nothing(self):
        s3 = FakeS3()
        self.upload(s3, (300, 400))
        with tempfile.TemporaryDirectory() as pod:
            save_checkpoint(pod, 400, write_text("mine"))
            self.assertEqual(restore_latest_checkpoint(pod, BUCKET, client=s3)[0], 400)
            self.assertEqual(s3.downloads, [])
            self.assertEqual(read(latest_checkpoint(pod)[1]), "mine")

    def test_an_empty_bucket_means_a_fresh_start(self):
        with tempfile.TemporaryDirectory() as d:
            self.assertIsNone(restore_latest_checkpoint(d, BUCKET, client=FakeS3()))

    def test_the_client_takes_the_endpoint_from_the_environment(self):
        # boto3 before 1.28 ignores AWS_ENDPOINT_URL_S3: the checkpoints pass it on.
        calls = []
        boto3 = types.SimpleNamespace(client=lambda *args, **kwargs: calls.append((args, kwargs)) or FakeS3())
        environments = [
            {"AWS_ENDPOINT_URL_S3": "http://127.0.0.1:9000", "AWS_ENDPOINT_URL": "http://127.0.0.1:9001"},
            {"AWS_ENDPOINT_URL": "http://127.0.0.1:9001"},
            {},
        ]
        with mock.patch.dict(sys.modules, {"boto3": boto3}), tempfile.TemporaryDirectory() as d:
            for environment in environments:
                with mock.patch.dict(os.environ, environment, clear=True):
                    restore_latest_checkpoint(d, BUCKET)
        self.assertEqual(
            calls,
            [
                (("s3",), {"endpoint_url": "http://127.0.0.1:9000"}),
                (("s3",), {"endpoint_url": "http://127.0.0.1:9001"}),
                (("s3",), {}),
            ],
        )


if __name__ == "__main__":
    unittest.main()
