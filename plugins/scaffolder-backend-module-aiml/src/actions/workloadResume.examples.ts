import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Start a project's held workloads once CI pushed its image (a template of its own, run from the project page)",
    example: yaml.stringify({
      steps: [
        {
          id: 'resume',
          action: 'aiml:workload:resume',
          name: 'Start the workload',
          input: { project: 'component:default/llama-finetune' },
        },
      ],
    }),
  },
];
