import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import { expectNoSeriousA11yViolations } from '../../../__testUtils__/axe';
import { AimlModelPicker } from './AimlModelPicker';
import { aimlModelPickerValidation } from './validation';

const a10g = (count: number) => ({
  instanceType: count === 1 ? 'g5.xlarge' : 'g5.12xlarge',
  acceleratorType: 'nvidia-a10g',
  resource: 'nvidia.com/gpu',
  count,
  capacityType: 'on-demand',
});

async function renderPicker(
  props: { formData?: any; accelerator?: object; options?: object } = {},
) {
  const onChange = jest.fn();
  const fieldProps: any = {
    onChange,
    formData: props.formData,
    schema: { title: 'Model' },
    uiSchema: { 'ui:options': props.options ?? {} },
    rawErrors: [],
    required: true,
    idSchema: { $id: 'root_model' },
    formContext: { formData: { accelerator: props.accelerator } },
  };
  const rendered = await renderInTestApp(<AimlModelPicker {...fieldProps} />);
  return { onChange, ...rendered };
}

const llama8 = {
  id: 'meta-llama/Llama-3.1-8B-Instruct',
  contextLength: 8192,
  tokenSecret: { name: 'hf-token', key: 'token' },
};

describe('AimlModelPicker', () => {
  it("chooses a model with its default context length, the model's limit when lower", async () => {
    const { onChange } = await renderPicker();
    await userEvent.selectOptions(
      screen.getByLabelText('Model'),
      'microsoft/Phi-3-mini-4k-instruct',
    );
    expect(onChange).toHaveBeenLastCalledWith({
      id: 'microsoft/Phi-3-mini-4k-instruct',
      contextLength: 4096,
    });
  });

  it('shows the KV-cache estimate of the choice on the chosen GPUs', async () => {
    await renderPicker({ formData: llama8, accelerator: a10g(1) });
    expect(
      screen.getByText(
        /^Weights 15\.0 GiB; KV cache 1\.0 GiB holds one 8192-token sequence/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Context length (tokens)')).toHaveValue(8192);
  });

  it('says why three GPUs cannot serve a model of 32 attention heads', async () => {
    await renderPicker({ formData: llama8, accelerator: a10g(3) });
    expect(
      screen.getByText(
        /has 32 attention heads, which 3 GPUs cannot split evenly: vLLM needs the GPUs per pod \(its tensor-parallel size\) to divide them\. Ask for 1, 2, 4\./,
      ),
    ).toBeInTheDocument();
  });

  it('asks for the Secret of a gated model and records its name and key, never a token', async () => {
    const { onChange } = await renderPicker({
      formData: { id: llama8.id, contextLength: 8192 },
      accelerator: a10g(1),
    });
    expect(screen.getByText(/is gated on Hugging Face/)).toBeInTheDocument();
    await userEvent.type(
      screen.getByLabelText(/Hugging Face token Secret/),
      'h',
    );
    expect(onChange).toHaveBeenLastCalledWith({
      id: llama8.id,
      contextLength: 8192,
      tokenSecret: { name: 'h', key: 'token' },
    });
  });

  it('refuses through validation what the first step would', async () => {
    const errors: string[] = [];
    await aimlModelPickerValidation(
      { ...llama8, contextLength: 131072 },
      { addError: (m: string) => errors.push(m) } as any,
      {
        formData: { accelerator: a10g(1) },
        uiSchema: { 'ui:options': {} },
      } as any,
    );
    expect(errors).toEqual([
      expect.stringContaining('with a 131072-token context needs 33.0 GiB'),
    ]);
  });

  it('has no serious accessibility violations', async () => {
    const { container } = await renderPicker({
      formData: llama8,
      accelerator: a10g(1),
    });
    await expectNoSeriousA11yViolations(container);
  });
});
