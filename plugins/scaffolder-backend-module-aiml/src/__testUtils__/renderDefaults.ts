import { ConfigReader } from '@backstage/config';
import { readWorkloadRoleName } from '@eks-aiml/plugin-aiml-node';

/** What the render action reads from config and the catalog, for tests that call renderWorkload directly. */
export const RENDER_DEFAULTS = {
  workloadRole: readWorkloadRoleName(new ConfigReader({})),
  aws: {
    cluster: 'ml-sandbox-use1',
    region: 'us-east-1',
    accountId: '111122223333',
  },
  quota: { gpu: 16, neuronCores: 64 },
  costCenter: 'cc-1001',
};
