import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'List what retiring a project picked in the form would delete, changing nothing',
    example: yaml.stringify({
      steps: [
        {
          id: 'retire',
          action: 'aiml:project:retire',
          name: 'List what would go',
          input: {
            project: '${{ parameters.project }}',
            dryRun: true,
          },
        },
      ],
    }),
  },
  {
    description:
      "Retire a project for good, keeping its S3 bucket (ACK's deletion policy retain)",
    example: yaml.stringify({
      steps: [
        {
          id: 'retire',
          action: 'aiml:project:retire',
          name: 'Retire the project',
          input: {
            project: 'component:default/llama-finetune',
            dryRun: false,
            bucket: 'retain',
          },
        },
      ],
    }),
  },
  {
    description: 'Retire a project and delete its S3 bucket once it is empty',
    example: yaml.stringify({
      steps: [
        {
          id: 'retire',
          action: 'aiml:project:retire',
          name: 'Retire the project',
          input: {
            project: 'component:default/chat-eval',
            dryRun: false,
            bucket: 'delete',
          },
        },
      ],
    }),
  },
];
