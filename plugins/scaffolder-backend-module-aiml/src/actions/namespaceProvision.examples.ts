import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Provision the team's training namespace for a new project, with a default-deny NetworkPolicy",
    example: yaml.stringify({
      steps: [
        {
          id: 'namespace',
          action: 'aiml:namespace:provision',
          name: 'Provision the team namespace',
          input: {
            cluster: '${{ parameters.cluster }}',
            team: '${{ parameters.owner | parseEntityRef | pick("name") }}',
            workloadType: 'training',
            component: '${{ parameters.name }}',
            podSecurity: 'restricted',
            defaultDenyIngress: true,
          },
        },
      ],
    }),
  },
  {
    description:
      'Provision an inference namespace that enforces Pod Security baseline',
    example: yaml.stringify({
      steps: [
        {
          id: 'namespace',
          action: 'aiml:namespace:provision',
          name: 'Provision the team namespace',
          input: {
            cluster: 'ml-prod-use1',
            team: 'ml-platform',
            workloadType: 'inference',
            component: 'chat-inference',
            podSecurity: 'baseline',
          },
        },
      ],
    }),
  },
];
