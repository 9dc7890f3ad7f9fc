// Reads with a kubeconfig through the real Kubernetes client and prints the HTTP
// status (200, or the error code): pods of a namespace, or with `--nodes` the
// cluster-scoped node list. Run by the end-to-end tests.
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';

const [file, target] = process.argv.slice(2);
const kc = new KubeConfig();
kc.loadFromFile(file);
const core = kc.makeApiClient(CoreV1Api);
try {
  if (target === '--nodes') await core.listNode();
  else await core.listNamespacedPod({ namespace: target });
  process.stdout.write('200\n');
} catch (error) {
  process.stdout.write(`${error.code ?? error.message}\n`);
}
