import { InputError } from '@backstage/errors';
import {
  ACCELERATOR_INSTANCE_TYPES,
  AcceleratorInstanceType,
  acceleratorFamilyMismatch,
  acceleratorUnitsPerInstance,
  findAcceleratorInstanceType,
  findModel,
  MODEL_CATALOG,
  ModelDtype,
  modelFits,
  quotaShortfall,
  requiredMemoryGiB,
  TeamQuota,
} from '@eks-aiml/plugin-aiml-common';
import { WorkloadKind, WorkloadProfile, WORKLOADS } from './workloads';

/** A model as the fit check sees it: from the catalog, or described by the input. */
export type ModelSpec = {
  id: string;
  displayName: string;
  parametersB: number;
  dtype: ModelDtype;
  inCatalog: boolean;
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

/**
 * What would fit instead: each instance type of the family with the fewest
 * accelerators per pod that hold `count` (at least) and the model, cheapest first.
 */
export function alternatives(options: {
  profile: WorkloadProfile;
  minCount: number;
  model?: ModelSpec;
}): string {
  const found = candidates(options.profile)
    .map(t => {
      const units = acceleratorUnitsPerInstance(t);
      for (let n = options.minCount; n <= units; n++) {
        if (!options.model || fits(t, n, options.model).fits) {
          return { t, n };
        }
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
 * memory holds the model. Each failure is an InputError saying what would fit.
 */
export function checkPlacement(options: {
  workload: WorkloadKind;
  instanceType: string;
  acceleratorCount: number;
  model?: ModelSpec;
}): Placement {
  const { workload, instanceType, acceleratorCount: count, model } = options;
  const profile = WORKLOADS[workload];
  const instance = findAcceleratorInstanceType(instanceType);
  const instead = () => alternatives({ profile, minCount: count, model });
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
