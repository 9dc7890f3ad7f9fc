import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Apply the manifests rendered by an earlier step into the namespace provisioned by another',
    example: yaml.stringify({
      steps: [
        {
          id: 'apply',
          action: 'aiml:workload:apply',
          name: 'Apply the manifests',
          input: {
            cluster: '${{ parameters.cluster }}',
            team: '${{ parameters.owner | parseEntityRef | pick("name") }}',
            namespace: '${{ steps.namespace.output.namespace }}',
            component: '${{ parameters.name }}',
            paths: '${{ steps.render.output.files }}',
          },
        },
      ],
    }),
  },
  {
    description: 'Apply every YAML file of a directory of the workspace',
    example: yaml.stringify({
      steps: [
        {
          id: 'apply',
          action: 'aiml:workload:apply',
          name: 'Apply the manifests',
          input: {
            cluster: 'ml-prod-use1',
            team: 'recsys',
            namespace: 'recsys-inference',
            component: 'ranker-serving',
            paths: ['deploy'],
          },
        },
      ],
    }),
  },
];
