import { InputError } from '@backstage/errors';
import {
  contextLengthProblem,
  defaultContextLength,
} from '@eks-aiml/plugin-aiml-common';
import { ModelSpec } from './fit';

/** The key of the token in the Hugging Face Secret when the input names none. */
export const DEFAULT_TOKEN_KEY = 'token';

/** A key of a Secret's data (Kubernetes: `[-._a-zA-Z0-9]+`, at most 253 characters). */
const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;

/** The key of the token in the Hugging Face Secret, checked; `token` by default. */
export function tokenSecretKey(key: string | undefined): string {
  if (key !== undefined && !SECRET_KEY.test(key)) {
    throw new InputError(
      `huggingFaceTokenSecretKey "${key}" is not a key of a Secret's data (letters, digits, "-", "_" and ".")`,
    );
  }
  return key ?? DEFAULT_TOKEN_KEY;
}

/**
 * What serving a model needs from the input beyond the placement: the context
 * length vLLM is started with (the model's default when unset, within its
 * limit), and, for a model Hugging Face gates, the Secret holding a token of an
 * account that accepted its licence (vLLM fails to download it otherwise).
 */
export function servingContextLength(options: {
  model: ModelSpec;
  contextLength?: number;
  huggingFaceTokenSecret?: string;
  namespace: string;
}): number {
  const { model } = options;
  if (model.gated && !options.huggingFaceTokenSecret) {
    throw new InputError(
      `${model.id} is gated on Hugging Face: only accounts that accepted its licence may download it. Create a Secret in ${options.namespace} holding the token of such an account (e.g. kubectl create secret generic hf-token --from-literal=${DEFAULT_TOKEN_KEY}=<token>) and set huggingFaceTokenSecret to its name; the token itself never passes through the portal`,
    );
  }
  const contextLength =
    options.contextLength ?? defaultContextLength(model.architecture);
  const problem = contextLengthProblem(model, contextLength);
  if (problem) throw new InputError(`contextLength: ${problem}`);
  return contextLength;
}
