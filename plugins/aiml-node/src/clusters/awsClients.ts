import { EC2Client } from '@aws-sdk/client-ec2';
import { ECRClient } from '@aws-sdk/client-ecr';
import { EKSClient } from '@aws-sdk/client-eks';
import { PricingClient } from '@aws-sdk/client-pricing';
import {
  fromNodeProviderChain,
  fromTemporaryCredentials,
} from '@aws-sdk/credential-providers';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { AimlClusterConfig } from '../config/readAimlConfig';

/**
 * Where AWS lives for this backend: the real endpoints, or an emulator's (the sandbox's).
 *
 * @public
 */
export interface AwsEnvironment {
  /** The EKS and STS endpoint override (an emulator's, such as the sandbox). */
  endpoint?: string;
  /** The base credentials; the default provider chain when absent. */
  baseCredentials?: AwsCredentialIdentityProvider;
}

/**
 * An AWS endpoint other than the real ones, and the static credentials it accepts (the
 * shape of the sandbox's connection).
 *
 * @public
 */
export interface AwsEndpointConnection {
  /** The EKS and STS endpoint. */
  awsEndpoint: string;
  /** The credentials the endpoint accepts. */
  credentials: { accessKeyId: string; secretAccessKey: string };
}

/**
 * The AWS environment of a backend, from the endpoint it is pointed at if any.
 *
 * @public
 */
export function awsEnvironment(
  sandbox: AwsEndpointConnection | undefined,
): AwsEnvironment {
  if (!sandbox) return {};
  const { accessKeyId, secretAccessKey } = sandbox.credentials;
  return {
    endpoint: sandbox.awsEndpoint,
    baseCredentials: async () => ({ accessKeyId, secretAccessKey }),
  };
}

/**
 * AWS clients per configured cluster, sharing one HTTP handler (one connection
 * pool for AWS). Credentials: the base chain, then AssumeRole (with external id)
 * when the cluster names a role. There is no other fallback.
 *
 * @public
 */
export class AwsClients {
  private readonly httpHandler = new NodeHttpHandler({
    connectionTimeout: 5000,
    requestTimeout: 15000,
  });
  private readonly credentials = new Map<
    string,
    AwsCredentialIdentityProvider
  >();
  private readonly eksClients = new Map<string, EKSClient>();
  private readonly ecrClients = new Map<string, ECRClient>();
  private readonly ec2Clients = new Map<string, EC2Client>();
  private readonly pricingClients = new Map<string, PricingClient>();

  constructor(private readonly env: AwsEnvironment) {}

  /** The STS endpoint EKS tokens are presigned for (the regional one unless overridden). */
  stsEndpoint(): string | undefined {
    return this.env.endpoint;
  }

  credentialsFor(cluster: AimlClusterConfig): AwsCredentialIdentityProvider {
    let provider = this.credentials.get(cluster.name);
    if (!provider) {
      const base = this.env.baseCredentials ?? fromNodeProviderChain();
      provider = cluster.assumeRole
        ? fromTemporaryCredentials({
            masterCredentials: base,
            params: {
              RoleArn: cluster.assumeRole.roleArn,
              ExternalId: cluster.assumeRole.externalId,
              RoleSessionName: 'backstage-aiml',
              DurationSeconds: 3600,
            },
            clientConfig: {
              region: cluster.region,
              endpoint: this.env.endpoint,
            },
          })
        : base;
      this.credentials.set(cluster.name, provider);
    }
    return provider;
  }

  eks(cluster: AimlClusterConfig): EKSClient {
    let client = this.eksClients.get(cluster.name);
    if (!client) {
      client = new EKSClient({
        region: cluster.region,
        credentials: this.credentialsFor(cluster),
        endpoint: this.env.endpoint,
        requestHandler: this.httpHandler,
        maxAttempts: 3,
      });
      this.eksClients.set(cluster.name, client);
    }
    return client;
  }

  /** ECR in the cluster's account and region: where its projects' images are. */
  ecr(cluster: AimlClusterConfig): ECRClient {
    let client = this.ecrClients.get(cluster.name);
    if (!client) {
      client = new ECRClient({
        region: cluster.region,
        credentials: this.credentialsFor(cluster),
        endpoint: this.env.endpoint,
        requestHandler: this.httpHandler,
        maxAttempts: 3,
      });
      this.ecrClients.set(cluster.name, client);
    }
    return client;
  }

  /** EC2 in the cluster's account and region: its zones' spot price history. */
  ec2(cluster: AimlClusterConfig): EC2Client {
    let client = this.ec2Clients.get(cluster.name);
    if (!client) {
      client = new EC2Client({
        region: cluster.region,
        credentials: this.credentialsFor(cluster),
        endpoint: this.env.endpoint,
        requestHandler: this.httpHandler,
        maxAttempts: 3,
      });
      this.ec2Clients.set(cluster.name, client);
    }
    return client;
  }

  /**
   * The AWS Price List Query API with a cluster's credentials, at `region` (the API
   * answers in us-east-1, eu-central-1 and ap-south-1 only; prices are global).
   */
  pricing(cluster: AimlClusterConfig, region: string): PricingClient {
    const key = `${cluster.name}/${region}`;
    let client = this.pricingClients.get(key);
    if (!client) {
      client = new PricingClient({
        region,
        credentials: this.credentialsFor(cluster),
        endpoint: this.env.endpoint,
        requestHandler: this.httpHandler,
        maxAttempts: 3,
      });
      this.pricingClients.set(key, client);
    }
    return client;
  }

  destroy(): void {
    for (const client of this.eksClients.values()) client.destroy();
    for (const client of this.ecrClients.values()) client.destroy();
    for (const client of this.ec2Clients.values()) client.destroy();
    for (const client of this.pricingClients.values()) client.destroy();
    this.httpHandler.destroy();
  }
}
