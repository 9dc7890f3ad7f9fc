// Lists pods in a namespace with a kubeconfig, through the real Kubernetes client;
// prints the HTTP status (200, or the error code). Run by the end-to-end tests.
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';

const [file, namespace] = process.argv.slice(2);
const kc = new KubeConfig();
kc.loadFromFile(file);
try {
  await kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace });
  process.stdout.write('200\n');
} catch (error) {
  process.stdout.write(`${error.code ?? error.message}\n`);
}
