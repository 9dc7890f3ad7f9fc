import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Render a vLLM inference service for a catalog model on 4 A10G GPUs, with the project ServiceAccount and AWS resources',
    example: yaml.stringify({
      steps: [
        {
          id: 'render',
          action: 'aiml:workload:render',
          name: 'Render the manifests',
          input: {
            cluster: '${{ parameters.cluster }}',
            team: '${{ parameters.owner | parseEntityRef | pick("name") }}',
            owner: '${{ parameters.owner }}',
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
      "Render a RayJob with GPU workers on spot capacity, checkpointing to the project's S3 bucket",
    example: yaml.stringify({
      steps: [
        {
          id: 'render',
          action: 'aiml:workload:render',
          name: 'Render the manifests',
          input: {
            cluster: 'ml-prod-use1',
            team: 'ml-research',
            owner: 'group:default/ml-research',
            component: 'llama-finetune',
            workload: 'ray-job',
            instanceType: 'p4d.24xlarge',
            acceleratorCount: 8,
            capacityType: 'spot',
            replicas: 2,
          },
        },
      ],
    }),
  },
  {
    description:
      "Render a Trainium PyTorchJob whose pods use the cluster's Neuron scheduler, and build the project's image on the base image the render step chose",
    example: yaml.stringify({
      steps: [
        {
          id: 'render',
          action: 'aiml:workload:render',
          name: 'Render the manifests',
          input: {
            cluster: 'ml-prod-use1',
            team: 'ml-research',
            owner: 'group:default/ml-research',
            component: 'llama-pretrain-trn1',
            workload: 'trainium-job',
            instanceType: 'trn1.32xlarge',
            acceleratorCount: 32,
            replicas: 2,
            neuronSchedulerName: 'my-scheduler',
            targetPath: 'k8s',
          },
        },
        {
          id: 'fetch-project',
          action: 'fetch:template',
          name: 'Project files',
          input: {
            url: './skeleton/project',
            values: {
              name: 'llama-pretrain-trn1',
              image: '${{ steps.render.output.image }}',
              baseImage: '${{ steps.render.output.baseImage }}',
            },
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
            cluster: 'ml-prod-usw2',
            team: 'ml-platform',
            owner: 'group:default/ml-platform',
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
