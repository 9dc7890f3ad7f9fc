import http from 'node:http';
import { AddressInfo } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import { SandboxClock } from '../../clock';
import {
  SANDBOX_ACCOUNT_ID,
  SandboxCredential,
  SandboxRole,
} from '../../types';
import {
  AwsRequestHandlerOptions,
  createAwsRequestHandler,
} from '../awsHandler';
import { EksClusterSpec } from '../eksClusters';
import { EksState } from '../eksState';
import { IdentityStore } from '../identities';
import { S3State } from '../s3State';
import { NodeSha256 } from '../sha256';
import { uriEscape } from '../sigv4';

/** The role the portal assumes (needs an ExternalId). */
export const PORTAL_ROLE: SandboxRole = {
  arn: `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:role/backstage-aiml`,
  externalId: 'eks-aiml-sandbox',
};

/** An IAM Identity Center role: its ARN has a path. */
export const SSO_ROLE: SandboxRole = {
  arn: `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_MLLead_0123abcd`,
};

const CA_PEM =
  '-----BEGIN CERTIFICATE-----\nMIIBsandboxtestca\n-----END CERTIFICATE-----\n';

/** Three clusters: two in us-east-1 (for pagination), one in us-west-2. */
export const TEST_CLUSTERS: EksClusterSpec[] = [
  {
    name: 'ml-use1-a',
    region: 'us-east-1',
    version: '1.31',
    endpoint: 'https://127.0.0.1:6443',
    caPem: CA_PEM,
    tags: { team: 'ml-platform' },
    nodegroups: [
      {
        name: 'system',
        instanceType: 'm6i.xlarge',
        capacityType: 'ON_DEMAND',
        size: 2,
      },
      {
        name: 'gpu-a100-spot',
        instanceType: 'p4d.24xlarge',
        capacityType: 'SPOT',
        size: 1,
        maxSize: 4,
        labels: { 'nvidia.com/gpu.present': 'true' },
        taints: [
          { key: 'nvidia.com/gpu', value: 'true', effect: 'NO_SCHEDULE' },
        ],
      },
    ],
  },
  {
    name: 'ml-use1-b',
    region: 'us-east-1',
    version: '1.30',
    endpoint: 'https://127.0.0.1:6444',
    caPem: CA_PEM,
    nodegroups: [],
  },
  {
    name: 'ml-usw2',
    region: 'us-west-2',
    version: '1.31',
    endpoint: 'https://127.0.0.1:6445',
    caPem: CA_PEM,
    nodegroups: [
      {
        name: 'inf2',
        instanceType: 'inf2.xlarge',
        capacityType: 'ON_DEMAND',
        size: 1,
      },
    ],
  },
];

/** A running sandbox AWS endpoint on loopback, for tests. */
export interface AwsWorld {
  clock: SandboxClock;
  identities: IdentityStore;
  eks: EksState;
  endpoint: string;
  admin: SandboxCredential;
  changes: () => number;
  errors: unknown[];
  close(): Promise<void>;
}

/** Starts the AWS endpoint on 127.0.0.1 with a fresh account. */
export async function startAwsWorld(
  hooks: Pick<AwsRequestHandlerOptions, 'onRequest' | 'fault'> = {},
  clock = new SandboxClock(),
): Promise<AwsWorld> {
  const identities = IdentityStore.create(clock, [PORTAL_ROLE, SSO_ROLE]);
  const server = http.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const eks = EksState.create(TEST_CLUSTERS, {
    identities,
    clock,
    stsEndpoint: endpoint,
  });
  let changes = 0;
  const errors: unknown[] = [];
  const aws = createAwsRequestHandler({
    clock,
    identities,
    eks,
    s3: new S3State({ clock }),
    onChange: () => changes++,
    onError: e => errors.push(e),
    ...hooks,
  });
  server.on('request', (req, res) => {
    if (!aws(req, res)) res.writeHead(418).end('admin');
  });
  return {
    clock,
    identities,
    eks,
    endpoint,
    admin: identities.adminCredential(),
    changes: () => changes,
    errors,
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Client config for the real SDK clients against the world. */
export function clientConfig(
  world: AwsWorld,
  credential: SandboxCredential = world.admin,
  region = 'us-east-1',
) {
  return {
    endpoint: world.endpoint,
    region,
    credentials: {
      accessKeyId: credential.accessKeyId,
      secretAccessKey: credential.secretAccessKey,
      sessionToken: credential.sessionToken,
    },
    maxAttempts: 2,
  };
}

/** A request signed with @smithy/signature-v4, sent with fetch; `tamper` changes it after signing. */
export async function signedFetch(
  world: AwsWorld,
  options: {
    service: 'eks' | 'sts';
    method: string;
    path: string;
    query?: Record<string, string>;
    headers?: Record<string, string>;
    body?: string;
    credential?: SandboxCredential;
    tamper?: (request: {
      headers: Record<string, string>;
      body?: string;
    }) => void;
  },
): Promise<Response> {
  const url = new URL(world.endpoint);
  const credential = options.credential ?? world.admin;
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: credential.accessKeyId,
      secretAccessKey: credential.secretAccessKey,
      sessionToken: credential.sessionToken,
    },
    region: 'us-east-1',
    service: options.service,
    sha256: NodeSha256,
  });
  const signed = await signer.sign(
    {
      method: options.method,
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: options.path,
      query: options.query ?? {},
      headers: { host: url.host, ...options.headers },
      body: options.body,
    },
    { signingDate: world.clock.now() },
  );
  const request = { headers: { ...signed.headers }, body: options.body };
  options.tamper?.(request);
  delete request.headers.host;
  const query = Object.entries(options.query ?? {})
    .map(([k, v]) => `${uriEscape(k)}=${uriEscape(v)}`)
    .join('&');
  return fetch(`${world.endpoint}${options.path}${query ? `?${query}` : ''}`, {
    method: options.method,
    headers: request.headers,
    body: request.body,
  });
}
