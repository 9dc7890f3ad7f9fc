"""What the tests share: whether torch is here, and a fake S3 client."""

import importlib.util

HAS_TORCH = importlib.util.find_spec("torch") is not None
NEEDS_TORCH = "needs torch (Debian: apt-get install python3-torch; or the project's image)"


class FakeS3:
    """The few S3 calls the checkpoints make, on a dict of keys; pages of two keys."""

    def __init__(self):
        self.objects = {}
        self.downloads = []

    def upload_file(self, path, bucket, key):
        with open(path, "rb") as f:
            self.objects[(bucket, key)] = f.read()

    def download_file(self, bucket, key, path):
        self.downloads.append(key)
        with open(path, "wb") as f:
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
