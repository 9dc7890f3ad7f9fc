import { findAcceleratorInstanceType } from '@eks-aiml/plugin-aiml-common';
import { acceleratorsOf } from './utils';
import { kvCacheText, modelChoiceProblems } from './validation';

const pod = (instanceType: string, count: number) => ({
  instance: findAcceleratorInstanceType(instanceType)!,
  count,
});
const llama8 = {
  id: 'meta-llama/Llama-3.1-8B-Instruct',
  contextLength: 8192,
  tokenSecret: { name: 'hf-token', key: 'token' },
};

describe('modelChoiceProblems', () => {
  it('accepts Llama 3.1 8B with 8192 tokens on one A10G, and shows its KV cache', () => {
    expect(modelChoiceProblems(llama8, pod('g5.xlarge', 1))).toEqual([]);
    expect(kvCacheText(llama8, pod('g5.xlarge', 1))).toMatch(
      /^Weights 15\.0 GiB; KV cache 1\.0 GiB holds one 8192-token sequence, within 21\.6 GiB \(90% of 24 GiB\)\. About 29\d{3} more tokens fit for concurrent requests\.$/,
    );
  });

  it('refuses three GPUs for 32 attention heads, saying why', () => {
    expect(modelChoiceProblems(llama8, pod('g5.12xlarge', 3))).toEqual([
      'Llama 3.1 8B Instruct has 32 attention heads, which 3 GPUs cannot split evenly: vLLM needs the GPUs per pod (its tensor-parallel size) to divide them. Ask for 1, 2, 4.',
    ]);
  });

  it("refuses a context whose KV cache does not fit, or beyond the model's limit", () => {
    expect(
      modelChoiceProblems(
        { ...llama8, contextLength: 131072 },
        pod('g5.xlarge', 1),
      ),
    ).toEqual([
      expect.stringMatching(
        /with a 131072-token context needs 33\.0 GiB .* a context of at most 38\d{3} tokens would fit\.$/,
      ),
    ]);
    expect(
      modelChoiceProblems(
        {
          id: 'microsoft/Phi-3-mini-4k-instruct',
          contextLength: 8192,
        },
        undefined,
      ),
    ).toEqual([
      expect.stringMatching(/^Phi-3 mini 4k takes at most 4096 tokens/),
    ]);
  });

  it('asks for the Secret of a gated model, by name and key', () => {
    const { tokenSecret: _none, ...noSecret } = llama8;
    expect(modelChoiceProblems(noSecret, undefined)).toEqual([
      expect.stringMatching(/^Llama 3\.1 8B Instruct is gated on Hugging Face/),
    ]);
    expect(
      modelChoiceProblems(
        { ...llama8, tokenSecret: { name: 'HF Token', key: '' } },
        undefined,
      ),
    ).toHaveLength(2);
    expect(
      modelChoiceProblems(
        { id: 'microsoft/Phi-3-mini-4k-instruct', contextLength: 4096 },
        undefined,
      ),
    ).toEqual([]);
  });

  it('offers only the models the template lists', () => {
    expect(
      modelChoiceProblems(llama8, undefined, {
        models: ['microsoft/Phi-3-mini-4k-instruct'],
      }),
    ).toEqual(['Choose a model.']);
  });

  it('reads the accelerators from the form once they are whole', () => {
    const accelerator = { instanceType: 'g5.12xlarge', count: 4 };
    expect(acceleratorsOf({ accelerator }, {})?.count).toBe(4);
    expect(
      acceleratorsOf({ gpus: accelerator }, { acceleratorField: 'gpus' })
        ?.instance.instanceType,
    ).toBe('g5.12xlarge');
    expect(
      acceleratorsOf({ accelerator: { ...accelerator, count: 8 } }, {}),
    ).toBeUndefined();
  });
});
