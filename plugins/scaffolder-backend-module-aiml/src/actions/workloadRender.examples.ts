import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Render a vLLM inference service for a catalog model on 4 A10G GPUs',
    example: yaml.stringify({
      steps: [
        {
          id: 'render',
          action: 'aiml:workload:render',
          name: 'Render the manifests',
          input: {
            team: '${{ parameters.team | parseEntityRef | pick("name") }}',
            component: '${{ parameters.name }}',
            workload: 'vllm',
            instanceType: 'g5.12xlarge',
            acceleratorCount: 4,
            model: 'meta-llama/Llama-3.1-8B-Instruct',
            huggingFaceTokenSecret: 'hf-token',
            replicas: 1,
            maxReplicas: 3,
          },
        },
      ],
    }),
  },
  {
    description:
      'Render a RayJob with GPU workers on spot capacity, checkpointing to S3',
    example: yaml.stringify({
      steps: [
        {
          id: 'render',
          action: 'aiml:workload:render',
          name: 'Render the manifests',
          input: {
            team: 'ml-research',
            component: 'llama-finetune',
            workload: 'ray-job',
            instanceType: 'p4d.24xlarge',
            acceleratorCount: 8,
            capacityType: 'spot',
            replicas: 2,
            image: 'acme-ml/llama-finetune:1.0.0',
            checkpointS3Uri: 's3://acme-ml-checkpoints/llama-finetune',
          },
        },
      ],
    }),
  },
  {
    description:
      'Render vLLM on Inferentia2 for a model that is not in the catalog (size and dtype given)',
    example: yaml.stringify({
      steps: [
        {
          id: 'render',
          action: 'aiml:workload:render',
          name: 'Render the manifests',
          input: {
            team: 'ml-platform',
            component: 'embeddings-inf2',
            workload: 'inferentia-vllm',
            instanceType: 'inf2.24xlarge',
            acceleratorCount: 4,
            model: 'acme/support-bot-13b',
            modelParametersB: 13,
            modelDtype: 'bf16',
            image: 'acme-ml/vllm-neuron:0.8.5',
            targetPath: 'deploy',
          },
        },
      ],
    }),
  },
];
