import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Summarize the cluster chosen in the form, for later steps and the catalog entry',
    example: yaml.stringify({
      steps: [
        {
          id: 'cluster',
          action: 'aiml:cluster:describe',
          name: 'Describe the cluster',
          input: {
            cluster: '${{ parameters.cluster }}',
            team: '${{ parameters.owner | parseEntityRef | pick("name") }}',
          },
        },
      ],
    }),
  },
];
