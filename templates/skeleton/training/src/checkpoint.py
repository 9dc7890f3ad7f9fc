"""Checkpoints that survive spot interruptions: the newest complete one wins.

A checkpoint is written to a temporary name and renamed when complete, so an
interruption in the middle of a write never leaves a half checkpoint that a
resumed run would load. The directory is scratch space of the pod (or a volume,
or any local directory when run by hand); each complete checkpoint is also
uploaded to the project's S3 bucket (CHECKPOINT_S3_URI), where a run on a fresh
node finds it. The pod reaches the bucket as its ServiceAccount, through EKS Pod
Identity: no keys anywhere.
"""

import os
import re
from typing import Callable, List, Optional, Tuple

_NAME = re.compile(r"^step-(\d{9})\.ckpt$")


def checkpoint_path(directory: str, step: int) -> str:
    return os.path.join(directory, f"step-{step:09d}.ckpt")


def latest_checkpoint(directory: str) -> Optional[Tuple[int, str]]:
    """The (step, path) of the newest complete checkpoint, or None."""
    if not os.path.isdir(directory):
        return None
    steps = [int(m.group(1)) for m in (_NAME.match(n) for n in os.listdir(directory)) if m]
    if not steps:
        return None
    step = max(steps)
    return step, checkpoint_path(directory, step)


def save_checkpoint(directory: str, step: int, write: Callable[[str], None], keep: int = 3) -> str:
    """Writes a checkpoint with `write(path)`, atomically, and keeps the newest `keep`."""
    os.makedirs(directory, exist_ok=True)
    final = checkpoint_path(directory, step)
    partial = final + ".partial"
    write(partial)
    os.replace(partial, final)
    complete = sorted(n for n in os.listdir(directory) if _NAME.match(n))
    for old in complete[:-keep]:
        os.remove(os.path.join(directory, old))
    return final


def _split_s3_uri(uri: str) -> Tuple[str, str]:
    """("bucket", "prefix/") of "s3://bucket/prefix/"."""
    if not uri.startswith("s3://"):
        raise ValueError(f"{uri} is not an s3:// URI")
    bucket, _, prefix = uri[len("s3://") :].partition("/")
    return bucket, prefix if prefix == "" or prefix.endswith("/") else prefix + "/"


def _s3_client():
    # Imported here so the module (and its tests) need no boto3 until S3 is used.
    import boto3

    # boto3 from 1.28 reads these variables itself; older ones (e.g. Debian's 1.26) need
    # them passed. Unset, the client talks to AWS's S3 endpoint of the pod's region.
    endpoint = os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")
    return boto3.client("s3", endpoint_url=endpoint) if endpoint else boto3.client("s3")


def _s3_steps(client, bucket: str, prefix: str) -> List[int]:
    """The steps of the complete checkpoints under the prefix."""
    steps, token = [], None
    while True:
        page = client.list_objects_v2(Bucket=bucket, Prefix=prefix, **({"ContinuationToken": token} if token else {}))
        for item in page.get("Contents", []):
            found = _NAME.match(item["Key"][len(prefix) :])
            if found:
                steps.append(int(found.group(1)))
        token = page.get("NextContinuationToken")
        if not token:
            return sorted(steps)


def upload_checkpoint(path: str, s3_uri: str, keep: int = 3, client=None) -> str:
    """Uploads a complete checkpoint under the S3 prefix and keeps the newest `keep` there."""
    client = client or _s3_client()
    bucket, prefix = _split_s3_uri(s3_uri)
    # upload_file switches to a multipart upload above 8 MiB (boto3's TransferConfig default).
    client.upload_file(path, bucket, prefix + os.path.basename(path))
    for old in _s3_steps(client, bucket, prefix)[:-keep]:
        client.delete_object(Bucket=bucket, Key=prefix + os.path.basename(checkpoint_path("", old)))
    return f"s3://{bucket}/{prefix}{os.path.basename(path)}"


def restore_latest_checkpoint(directory: str, s3_uri: str, client=None) -> Optional[Tuple[int, str]]:
    """The newest checkpoint here or under the S3 prefix, downloaded into the directory if it
    is only in the bucket (a fresh node, or a pod that was not the writer): (step, path) or None."""
    local = latest_checkpoint(directory)
    client = client or _s3_client()
    bucket, prefix = _split_s3_uri(s3_uri)
    steps = _s3_steps(client, bucket, prefix)
    if not steps or (local and local[0] >= steps[-1]):
        return local
    os.makedirs(directory, exist_ok=True)
    final = checkpoint_path(directory, steps[-1])
    client.download_file(bucket, prefix + os.path.basename(final), final + ".partial")
    os.replace(final + ".partial", final)
    return steps[-1], final
