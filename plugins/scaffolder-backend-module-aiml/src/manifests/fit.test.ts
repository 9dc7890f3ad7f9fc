import { findModel } from '@eks-aiml/plugin-aiml-common';
import { checkPlacement, resolveModel } from './fit';

const catalogModel = (id: string) => resolveModel({ model: id })!;

describe('resolveModel', () => {
  it('takes a catalog model with its default dtype, or the dtype given', () => {
    expect(resolveModel({ model: 'meta-llama/Llama-3.1-8B-Instruct' })).toEqual(
      {
        id: 'meta-llama/Llama-3.1-8B-Instruct',
        displayName: 'Llama 3.1 8B Instruct',
        parametersB: findModel('meta-llama/Llama-3.1-8B-Instruct')!.parametersB,
        dtype: 'bf16',
        inCatalog: true,
        architecture: findModel('meta-llama/Llama-3.1-8B-Instruct')!
          .architecture,
        gated: true,
      },
    );
    expect(
      resolveModel({
        model: 'meta-llama/Llama-3.1-70B-Instruct',
        modelDtype: 'int4',
      })?.dtype,
    ).toBe('int4');
  });

  it('needs parameters and dtype for a model that is not in the catalog', () => {
    expect(() => resolveModel({ model: 'acme/bot-13b' })).toThrow(
      /acme\/bot-13b is not in the model catalog, so its size is unknown: set modelParametersB .* and modelDtype/,
    );
    expect(() =>
      resolveModel({ model: 'acme/bot-13b', modelParametersB: 13 }),
    ).toThrow(/set modelParametersB/);
    expect(
      resolveModel({
        model: 'acme/bot-13b',
        modelParametersB: 13,
        modelDtype: 'fp16',
      }),
    ).toMatchObject({ parametersB: 13, dtype: 'fp16', inCatalog: false });
  });

  it('refuses a size for a catalog model, and a size without a model', () => {
    expect(() =>
      resolveModel({
        model: 'meta-llama/Llama-3.1-8B-Instruct',
        modelParametersB: 1,
      }),
    ).toThrow(/leave modelParametersB unset/);
    expect(() => resolveModel({ modelParametersB: 1 })).toThrow(/set model/);
    expect(resolveModel({})).toBeUndefined();
  });
});

describe('checkPlacement', () => {
  it('places a model that fits', () => {
    expect(
      checkPlacement({
        workload: 'vllm',
        instanceType: 'g5.12xlarge',
        acceleratorCount: 4,
        model: catalogModel('meta-llama/Llama-3.1-8B-Instruct'),
      }),
    ).toMatchObject({ count: 4, memoryGiB: 96 });
  });

  it('refuses an instance type it does not know, listing those that would do', () => {
    expect(() =>
      checkPlacement({
        workload: 'vllm',
        instanceType: 'm6i.xlarge',
        acceleratorCount: 1,
      }),
    ).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringMatching(
          /^m6i.xlarge is not an accelerated instance type the product knows; .*These would fit: g6.xlarge with 1 NVIDIA L4 24GB GPU; g5.xlarge/,
        ),
      }),
    );
  });

  it('refuses more accelerators than the instance has, listing instance types with enough', () => {
    expect(() =>
      checkPlacement({
        workload: 'ray-job',
        instanceType: 'g5.xlarge',
        acceleratorCount: 4,
      }),
    ).toThrow(
      /^g5.xlarge has 1 NVIDIA A10G 24GB GPU; 4 requested per pod. These would fit: g6.12xlarge with 4 NVIDIA L4 24GB GPUs; g5.12xlarge with 4 NVIDIA A10G 24GB GPUs/,
    );
  });

  it('refuses a model that does not fit, saying how much it needs and what would fit', () => {
    let error: Error | undefined;
    try {
      checkPlacement({
        workload: 'vllm',
        instanceType: 'g5.xlarge',
        acceleratorCount: 1,
        model: catalogModel('meta-llama/Llama-3.1-70B-Instruct'),
      });
    } catch (e) {
      error = e as Error;
    }
    expect(error?.name).toBe('InputError');
    const message = error?.message;
    expect(message).toMatch(
      /^Llama 3.1 70B Instruct in bf16 needs 157.8 GiB of accelerator memory; 1 × NVIDIA A10G 24GB have 24 GiB\. These would fit: /,
    );
    expect(message).toContain('g5.48xlarge with 7 NVIDIA A10G 24GB GPUs');
    expect(message).toContain('p4d.24xlarge with 4 NVIDIA A100 40GB GPUs');
    expect(message).toContain('p5.48xlarge with 2 NVIDIA H100 80GB GPUs');
  });

  it('checks a model outside the catalog by its stated size and dtype', () => {
    const model = resolveModel({
      model: 'acme/bot-13b',
      modelParametersB: 13,
      modelDtype: 'bf16',
    });
    expect(() =>
      checkPlacement({
        workload: 'vllm',
        instanceType: 'g5.2xlarge',
        acceleratorCount: 1,
        model,
      }),
    ).toThrow(/acme\/bot-13b in bf16 needs 29.1 GiB/);
    expect(
      checkPlacement({
        workload: 'vllm',
        instanceType: 'g6e.xlarge',
        acceleratorCount: 1,
        model,
      }),
    ).toMatchObject({ memoryGiB: 48 });
  });

  it('refuses Neuron on a GPU instance, listing Neuron instance types', () => {
    expect(() =>
      checkPlacement({
        workload: 'inferentia-vllm',
        instanceType: 'g5.12xlarge',
        acceleratorCount: 2,
      }),
    ).toThrow(
      /^g5.12xlarge has NVIDIA GPUs: Neuron workloads need an inf2 or trn1 instance type\. These would fit: inf2.xlarge with 2 AWS Inferentia2 NeuronCores/,
    );
    expect(() =>
      checkPlacement({
        workload: 'trainium-job',
        instanceType: 'p4d.24xlarge',
        acceleratorCount: 8,
      }),
    ).toThrow(/These would fit: trn1.32xlarge with 8 AWS Trainium NeuronCores/);
  });

  it('refuses a GPU build on Inferentia, and training on Inferentia', () => {
    expect(() =>
      checkPlacement({
        workload: 'vllm',
        instanceType: 'inf2.xlarge',
        acceleratorCount: 1,
      }),
    ).toThrow(
      /^inf2.xlarge has .*: GPU workloads need a g or p instance type\. These would fit: g6.xlarge/,
    );
    expect(() =>
      checkPlacement({
        workload: 'trainium-job',
        instanceType: 'inf2.48xlarge',
        acceleratorCount: 8,
      }),
    ).toThrow(
      /^inf2.48xlarge carries AWS Inferentia2 chips; trainium-job is a PyTorchJob on Trainium/,
    );
  });

  it('counts Neuron in NeuronCores and fits a model on part of a device', () => {
    const small = catalogModel('meta-llama/Llama-3.2-1B-Instruct');
    expect(
      checkPlacement({
        workload: 'inferentia-vllm',
        instanceType: 'inf2.xlarge',
        acceleratorCount: 1,
        model: small,
      }),
    ).toMatchObject({ count: 1, memoryGiB: 16 });
    expect(() =>
      checkPlacement({
        workload: 'inferentia-vllm',
        instanceType: 'inf2.xlarge',
        acceleratorCount: 3,
      }),
    ).toThrow(
      /^inf2.xlarge has 2 AWS Inferentia2 NeuronCores; 3 requested per pod/,
    );
    expect(() =>
      checkPlacement({
        workload: 'inferentia-vllm',
        instanceType: 'inf2.xlarge',
        acceleratorCount: 1,
        model: catalogModel('mistralai/Mistral-7B-Instruct-v0.3'),
      }),
    ).toThrow(
      /1 AWS Inferentia2 NeuronCore have 16 GiB\. These would fit: inf2.xlarge with 2 AWS Inferentia2 NeuronCores/,
    );
  });

  it('says when nothing in the catalog fits', () => {
    const huge = resolveModel({
      model: 'acme/huge',
      modelParametersB: 2000,
      modelDtype: 'fp32',
    });
    expect(() =>
      checkPlacement({
        workload: 'vllm',
        instanceType: 'p5en.48xlarge',
        acceleratorCount: 8,
        model: huge,
      }),
    ).toThrow(/No instance type of the catalog fits it .* smaller dtype/);
  });
});
