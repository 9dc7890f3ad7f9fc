import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import {
  acceleratorUnitsPerInstance,
  contextLengthProblem,
  describeKvCache,
  findModel,
  servingFit,
  ServingFit,
  tensorParallelProblem,
} from '@eks-aiml/plugin-aiml-common';
import type { AimlModelPickerOptions, AimlModelSelection } from './schema';
import { acceleratorsOf, offeredModels, PodAccelerators } from './utils';

/** Kubernetes object names and Secret data keys, as the first step checks them. */
const SECRET_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;

/** Whether the model, with its context, fits the pod's accelerators; what the server would hold. */
export function fitOf(
  selection: Partial<AimlModelSelection> | undefined,
  accelerators: PodAccelerators | undefined,
): ServingFit | undefined {
  const model = selection?.id ? findModel(selection.id) : undefined;
  const contextLength = selection?.contextLength;
  if (!model || !accelerators || contextLength === undefined) return undefined;
  if (contextLengthProblem(model, contextLength)) return undefined;
  const { instance, count } = accelerators;
  const accelerator = instance.accelerator;
  const nvidia = accelerator.vendor === 'nvidia';
  return servingFit({
    model: { ...model, dtype: model.defaultDtype },
    platform: nvidia ? 'gpu' : 'neuron',
    contextLength,
    units: count,
    memoryGiB:
      (count * accelerator.memoryGiBPerDevice) / accelerator.unitsPerDevice,
    accelerators: nvidia
      ? `${count} × ${accelerator.displayName}`
      : `${count} ${accelerator.displayName} NeuronCore${
          count === 1 ? '' : 's'
        }`,
  });
}

/**
 * What is wrong with a model choice, in the words of the first step: a catalog
 * model the template offers, a context within the model's limit, a Secret for a
 * gated model, and — once accelerators are chosen — a tensor-parallel size
 * vLLM accepts and memory for the weights and the KV cache of that context.
 */
export function modelChoiceProblems(
  selection: Partial<AimlModelSelection> | undefined,
  accelerators: PodAccelerators | undefined,
  options: AimlModelPickerOptions = {},
): string[] {
  const model = selection?.id ? findModel(selection.id) : undefined;
  if (!model || !offeredModels(options).includes(model)) {
    return ['Choose a model.'];
  }
  const problems: string[] = [];
  const context = contextLengthProblem(model, selection?.contextLength ?? NaN);
  if (context) problems.push(`${context}.`);
  const secret = selection?.tokenSecret;
  if (model.gated && !secret?.name) {
    problems.push(
      `${model.displayName} is gated on Hugging Face: name the Secret in the team's namespace that holds the token of an account that accepted its licence.`,
    );
  }
  if (secret?.name && !SECRET_NAME.test(secret.name)) {
    problems.push(
      `"${secret.name}" is not a Secret name (lowercase letters, digits, "-" and ".").`,
    );
  }
  if (secret?.name && !SECRET_KEY.test(secret.key ?? '')) {
    problems.push(
      'Name the key of the token in the Secret (letters, digits, "-", "_" and ".").',
    );
  }
  if (accelerators) {
    const nvidia = accelerators.instance.accelerator.vendor === 'nvidia';
    const split = tensorParallelProblem(model, accelerators.count, {
      unit: nvidia ? 'GPU' : 'NeuronCore',
      max: acceleratorUnitsPerInstance(accelerators.instance),
    });
    if (split) problems.push(`${split}.`);
    const fit = fitOf(selection, accelerators);
    if (!split && fit && !fit.fits) problems.push(`${fit.reason}.`);
  }
  return problems;
}

/** The helper text of a choice that fits: the KV-cache estimate. */
export function kvCacheText(
  selection: Partial<AimlModelSelection> | undefined,
  accelerators: PodAccelerators | undefined,
): string | undefined {
  const fit = fitOf(selection, accelerators);
  return fit?.fits ? describeKvCache(fit) : undefined;
}

/**
 * Validation of `AimlModelPicker`: the checks the first step makes of the
 * model, its context, its token Secret and its fit on the chosen accelerators.
 *
 * @public
 */
export const aimlModelPickerValidation: CustomFieldValidator<
  AimlModelSelection,
  AimlModelPickerOptions
> = (value, validation, context) => {
  const options = context.uiSchema?.['ui:options'] ?? {};
  for (const problem of modelChoiceProblems(
    value,
    acceleratorsOf(context.formData, options),
    options,
  )) {
    validation.addError(problem);
  }
};
