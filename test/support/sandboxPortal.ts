import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { Sandbox } from '@eks-aiml/sandbox';
import {
  PortalBackend,
  StartOptions,
  startPortalBackend,
} from './portalBackend';

export interface SandboxPortal {
  sandbox: Sandbox;
  backend: PortalBackend;
  /** A cluster-admin KubeConfig of a sandbox cluster, for the test's own checks. */
  kubeConfig(cluster: string): KubeConfig;
  stop(): Promise<void>;
}

/**
 * A sandbox in the test process and the portal's real backend attached to it
 * (as `yarn sandbox` and `yarn start` run them), so the test can look at the
 * clusters the portal changes.
 */
export async function startSandboxPortal(
  options: StartOptions,
): Promise<SandboxPortal> {
  const sandbox = await Sandbox.start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-sandbox-'));
  sandbox.writeOut(dir);
  let backend: PortalBackend;
  try {
    backend = await startPortalBackend({
      ...options,
      env: {
        APP_CONFIG_aiml_sandbox_enabled: 'false',
        APP_CONFIG_aiml_sandbox_attach: dir,
        ...options.env,
      },
    });
  } catch (error) {
    await sandbox.stop();
    throw error;
  }
  return {
    sandbox,
    backend,
    kubeConfig(cluster) {
      const kc = new KubeConfig();
      kc.loadFromString(sandbox.kubeconfig());
      kc.setCurrentContext(cluster);
      return kc;
    },
    async stop() {
      await backend.stop();
      await sandbox.stop();
    },
  };
}
