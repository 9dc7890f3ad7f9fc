// Writes deploy/cluster-bootstrap from the bundle's source in plugins/aiml-common.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clusterBootstrapFiles } from '@eks-aiml/plugin-aiml-common';

const dir = join(__dirname, '..', 'deploy', 'cluster-bootstrap');
mkdirSync(dir, { recursive: true });
for (const [file, content] of Object.entries(clusterBootstrapFiles())) {
  writeFileSync(join(dir, file), content);
}
console.log(`wrote ${dir}`);
