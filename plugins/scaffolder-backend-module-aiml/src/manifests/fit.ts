import { InputError } from '@backstage/errors';
import {
  ACCELERATOR_INSTANCE_TYPES,
  AcceleratorInstanceType,
  acceleratorFamilyMismatch,
  acceleratorUnitsPerInstance,
  findAcceleratorInstanceType,
  findModel,
  GPU_MEMORY_UTILIZATION,
  MODEL_CATALOG,
  ModelArchitecture,
  ModelDtype,
  modelFits,
  NEURON_MAX_NUM_SEQS,
  quotaShortfall,
  requiredMemoryGiB,
  servingFit,
  ServingFit,
  ServingPlatform,
  TeamQuota,
  tensorParallelProblem,
} from '@eks-aiml/plugin-aiml-common';
import { WorkloadKind, WorkloadProfile, WORKLOADS } from './workloads';

/** A model as the fit check sees it: from the catalog, or described by the input. */
export type ModelSpec = {
  id: string;
  displayName: string;
  parametersB: number;
  dtype: ModelDtype;
  inCatalog: boolean;
  /** From the catalog: what sizes the KV cache and bounds tensor parallelism. */
  architecture?: ModelArchitecture;
  /** From the catalog: Hugging Face serves it only with a token (models outside it: unknown). */
  gated?: boolean;
};

/**
 * How a model is served where it was placed: the server's flags, as the fit
 * check counted them.
 */
export type ServingPlan = {
  platform: ServingPlatform;
  /** `--max-model-len`: the context length the KV cache was sized for. */
  maxModelLen: number;
  /** GPUs: `--gpu-memory-utilization`, the budget the fit check allowed. */
  gpuMemoryUtilization?: number;
  /** Neuron: `--max-num-seqs`, the sequences its KV cache is compiled for. */
  maxNumSeqs?: number;
  fit: ServingFit;
};

/** Where a pod of the workload runs, once the checks passed. */
export type Placement = {
  instance: AcceleratorInstanceType;
  /** Accelerators per pod: GPUs, or NeuronCores for Neuron. */
  count: number;
  /** Accelerator memory the pod gets, GiB. */
  memoryGiB: number;
  /** The model's need by the formula of the shared core, GiB (when a model is set). */
  requiredGiB?: number;
  /** Inference: how the model is served (flags from the fit check). */
  serving?: ServingPlan;
};

/** The model of the input: the catalog's, or one described by parameters and dtype. */
export function resolveModel(input: {
  model?: string;
  modelParametersB?: number;
  modelDtype?: ModelDtype;
}): ModelSpec | undefined {
  const { model, modelParametersB, modelDtype } = input;
  if (!model) {
    if (modelParametersB !== undefined || modelDtype !== undefined) {
      throw new InputError(
        'modelParametersB and modelDtype describe a model: set model (its Hugging Face id) too',
      );
    }
    return undefined;
  }
  const known = findModel(model);
  if (known) {
    if (
      modelParametersB !== undefined &&
      modelParametersB !== known.parametersB
    ) {
      throw new InputError(
        `${model} is in the model catalog with ${known.parametersB}B parameters; leave modelParametersB unset for it`,
      );
    }
    return {
      id: known.id,
      displayName: known.displayName,
      parametersB: known.parametersB,
      dtype: modelDtype ?? known.defaultDtype,
      inCatalog: true,
      architecture: known.architecture,
      gated: known.gated,
    };
  }
  if (modelParametersB === undefined || modelDtype === undefined) {
    throw new InputError(
      `${model} is not in the model catalog, so its size is unknown: set modelParametersB (parameters, in billions) and modelDtype (e.g. bf16) so the fit can be checked. Catalog models: ${MODEL_CATALOG.map(
        m => m.id,
      ).join(', ')}`,
    );
  }
  return {
    id: model,
    displayName: model,
    parametersB: modelParametersB,
    dtype: modelDtype,
    inCatalog: false,
  };
}

function unitName(t: AcceleratorInstanceType, n: number): string {
  const unit =
    t.accelerator.vendor === 'nvidia'
      ? `${t.accelerator.displayName} GPU`
      : `${t.accelerator.displayName} NeuronCore`;
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** Instance types of the workload's accelerator family (and chip, for Neuron). */
function candidates(profile: WorkloadProfile): AcceleratorInstanceType[] {
  return ACCELERATOR_INSTANCE_TYPES.filter(t =>
    profile.accelerator
      ? t.accelerator.type === profile.accelerator
      : (t.accelerator.vendor === 'nvidia') === (profile.family === 'nvidia'),
  );
}

/** Accelerator memory of `count` units of an instance type, GiB. */
function memoryOf(t: AcceleratorInstanceType, count: number): number {
  return (
    (count * t.accelerator.memoryGiBPerDevice) / t.accelerator.unitsPerDevice
  );
}

/** Whether the model fits `count` units, by the formula of the shared core. */
function fits(
  t: AcceleratorInstanceType,
  count: number,
  model: ModelSpec,
): { fits: boolean; reason?: string; requiredGiB: number } {
  const upd = t.accelerator.unitsPerDevice;
  if (count % upd === 0) {
    return modelFits({
      model,
      dtype: model.dtype,
      instanceType: t.instanceType,
      devices: count / upd,
    });
  }
  // Part of a Neuron device (e.g. 1 of the 2 NeuronCores of an Inferentia2).
  const requiredGiB = requiredMemoryGiB(model, model.dtype);
  const availableGiB = memoryOf(t, count);
  return {
    fits: requiredGiB <= availableGiB,
    requiredGiB,
    reason: `${model.displayName} in ${model.dtype} needs ${requiredGiB.toFixed(
      1,
    )} GiB of accelerator memory; ${unitName(
      t,
      count,
    )} have ${availableGiB} GiB`,
  };
}

/** The accelerators of a pod in words, as the fit messages name them. */
function acceleratorsOf(t: AcceleratorInstanceType, count: number): string {
  return t.accelerator.vendor === 'nvidia'
    ? `${count} × ${t.accelerator.displayName}`
    : unitName(t, count);
}

function platformOf(t: AcceleratorInstanceType): ServingPlatform {
  return t.accelerator.vendor === 'nvidia' ? 'gpu' : 'neuron';
}

/**
 * Whether `count` accelerators can serve the model with `contextLength` tokens
 * of context: a tensor-parallel size vLLM accepts, and memory for the weights,
 * the KV cache and the runtime.
 */
function serves(
  t: AcceleratorInstanceType,
  count: number,
  model: ModelSpec,
  contextLength: number,
): { problem?: string; fit: ServingFit } {
  const tp = tensorParallelProblem(model, count, {
    unit: t.accelerator.vendor === 'nvidia' ? 'GPU' : 'NeuronCore',
    max: acceleratorUnitsPerInstance(t),
  });
  const fit = servingFit({
    model,
    platform: platformOf(t),
    contextLength,
    units: count,
    memoryGiB: memoryOf(t, count),
    accelerators: acceleratorsOf(t, count),
  });
  return { problem: tp ?? fit.reason, fit };
}

/**
 * What would fit instead: each instance type of the family with the fewest
 * accelerators per pod that hold `count` (at least) and the model, cheapest first.
 */
export function alternatives(options: {
  profile: WorkloadProfile;
  minCount: number;
  model?: ModelSpec;
  /** Inference: the context length the server is sized for. */
  contextLength?: number;
}): string {
  const { model, contextLength } = options;
  const holds = (t: AcceleratorInstanceType, n: number) => {
    if (!model) return true;
    return contextLength !== undefined
      ? !serves(t, n, model, contextLength).problem
      : fits(t, n, model).fits;
  };
  const found = candidates(options.profile)
    .map(t => {
      const units = acceleratorUnitsPerInstance(t);
      for (let n = options.minCount; n <= units; n++) {
        if (holds(t, n)) return { t, n };
      }
      return undefined;
    })
    .filter((x): x is { t: AcceleratorInstanceType; n: number } => !!x)
    .sort((a, b) => a.t.onDemandHourly - b.t.onDemandHourly)
    .slice(0, 8)
    .map(({ t, n }) => `${t.instanceType} with ${unitName(t, n)}`);
  return found.length > 0
    ? `These would fit: ${found.join('; ')}`
    : `No instance type of the catalog fits it for ${options.profile.summary}; choose a smaller model or a smaller dtype (fp8, int8, int4)`;
}

/**
 * Checks a workload's placement against the accelerator and model catalogs:
 * an instance type of the right family, with that many accelerators, whose
 * memory holds the model. A served model (`contextLength` set) must also split
 * over the accelerators as vLLM's tensor parallelism does, and fit with the KV
 * cache of that context; the placement then carries the server's flags. Each
 * failure is an InputError saying what would fit.
 */
export function checkPlacement(options: {
  workload: WorkloadKind;
  instanceType: string;
  acceleratorCount: number;
  model?: ModelSpec;
  /** Inference: the context length (`--max-model-len`) to size the KV cache for. */
  contextLength?: number;
}): Placement {
  const {
    workload,
    instanceType,
    acceleratorCount: count,
    model,
    contextLength,
  } = options;
  const profile = WORKLOADS[workload];
  const instance = findAcceleratorInstanceType(instanceType);
  const instead = () =>
    alternatives({ profile, minCount: count, model, contextLength });
  if (!instance) {
    throw new InputError(
      `${instanceType} is not an accelerated instance type the product knows; ${workload} is ${
        profile.summary
      }. ${instead()}`,
    );
  }
  const mismatch =
    acceleratorFamilyMismatch(profile.family, instanceType) ??
    (profile.accelerator && instance.accelerator.type !== profile.accelerator
      ? `${instanceType} carries ${instance.accelerator.displayName} chips; ${workload} is ${profile.summary}`
      : undefined);
  if (mismatch) {
    throw new InputError(`${mismatch}. ${instead()}`);
  }
  const units = acceleratorUnitsPerInstance(instance);
  if (count > units) {
    throw new InputError(
      `${instanceType} has ${unitName(
        instance,
        units,
      )}; ${count} requested per pod. ${instead()}`,
    );
  }
  if (!model) return { instance, count, memoryGiB: memoryOf(instance, count) };
  if (contextLength !== undefined) {
    const served = serves(instance, count, model, contextLength);
    if (served.problem) {
      throw new InputError(`${served.problem}. ${instead()}`);
    }
    const platform = platformOf(instance);
    return {
      instance,
      count,
      memoryGiB: memoryOf(instance, count),
      requiredGiB: served.fit.requiredGiB,
      serving: {
        platform,
        maxModelLen: contextLength,
        fit: served.fit,
        ...(platform === 'gpu'
          ? { gpuMemoryUtilization: GPU_MEMORY_UTILIZATION }
          : { maxNumSeqs: NEURON_MAX_NUM_SEQS }),
      },
    };
  }
  const fit = fits(instance, count, model);
  if (!fit.fits) {
    throw new InputError(`${fit.reason}. ${instead()}`);
  }
  return {
    instance,
    count,
    memoryGiB: memoryOf(instance, count),
    requiredGiB: fit.requiredGiB,
  };
}

/**
 * Checks that the workload's starting size (replicas × accelerators per pod)
 * fits the team's quota of its namespace; InputError saying what fits.
 */
export function checkQuota(options: {
  team: string;
  namespace: string;
  placement: Placement;
  replicas: number;
  quota: TeamQuota;
}): void {
  const { placement } = options;
  const problem = quotaShortfall({
    team: options.team,
    namespace: options.namespace,
    vendor: placement.instance.accelerator.vendor,
    perPod: placement.count,
    pods: options.replicas,
    quota: options.quota,
  });
  if (problem) throw new InputError(problem);
}
