/**
 * boto3 (Debian's python3-boto3, what the golden path's training code uses for
 * checkpoints) against the sandbox's S3: TransferManager's multipart upload
 * and ranged download.
 */
import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Sandbox } from '../sandbox';

jest.setTimeout(60_000);

const PYTHON = '/usr/bin/python3';
const hasBoto3 =
  spawnSync(PYTHON, ['-c', 'import boto3'], { stdio: 'ignore' }).status === 0;

/** Uploads and downloads a file as training code would, and prints the object's ETag. */
const SCRIPT = `
import os, boto3
from botocore.config import Config
s3 = boto3.client(
    "s3",
    endpoint_url=os.environ["S3_ENDPOINT"],
    region_name=os.environ["AWS_REGION"],
    aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"],
    aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"],
    config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
)
bucket, key = os.environ["BUCKET"], "checkpoints/step-100.pt"
s3.upload_file(os.environ["SRC"], bucket, key)
s3.download_file(bucket, key, os.environ["DST"])
listed = s3.list_objects_v2(Bucket=bucket, Prefix="checkpoints/")
print(s3.head_object(Bucket=bucket, Key=key)["ETag"], [o["Key"] for o in listed["Contents"]])
`;

// Skipped, saying so, only where Debian's python3-boto3 is missing (scripts/system-deps.sh installs it).
const describeWithBoto3 = hasBoto3 ? describe : describe.skip;

describeWithBoto3(
  `boto3 against the sandbox's S3${
    hasBoto3
      ? ''
      : ` (skipped: ${PYTHON} cannot import boto3; install python3-boto3)`
  }`,
  () => {
    let sandbox: Sandbox;
    let dir: string;

    beforeAll(async () => {
      sandbox = await Sandbox.start();
      sandbox.createBucket('boto3-checkpoints');
      dir = mkdtempSync(path.join(tmpdir(), 'sandbox-boto3-'));
    });
    afterAll(async () => {
      await sandbox?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('uploads a 9 MiB file in parts (upload_file) and downloads it byte-equal (download_file)', async () => {
      const c = sandbox.connection();
      const data = randomBytes(9 * 1024 * 1024);
      const src = path.join(dir, 'src.pt');
      const dst = path.join(dir, 'dst.pt');
      writeFileSync(src, data);
      const { stdout } = await promisify(execFile)(PYTHON, ['-c', SCRIPT], {
        env: {
          PATH: process.env.PATH,
          S3_ENDPOINT: c.awsEndpoint,
          AWS_REGION: c.region,
          AWS_ACCESS_KEY_ID: c.credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: c.credentials.secretAccessKey,
          BUCKET: 'boto3-checkpoints',
          SRC: src,
          DST: dst,
        },
      });
      expect(readFileSync(dst).equals(data)).toBe(true);
      // TransferManager switches to multipart at 8 MiB: two parts.
      expect(stdout.trim()).toMatch(
        /^"[0-9a-f]{32}-2" \['checkpoints\/step-100\.pt'\]$/,
      );
    });
  },
);
