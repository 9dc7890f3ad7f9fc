import {
  ACCELERATOR_INSTANCE_TYPES,
  acceleratorUnitsPerInstance,
  findAcceleratorInstanceType,
} from './accelerators';

describe('the accelerator catalog', () => {
  it('counts Neuron in NeuronCores, two per Inferentia2 or Trainium chip', () => {
    expect(
      acceleratorUnitsPerInstance(findAcceleratorInstanceType('inf2.xlarge')!),
    ).toBe(2);
    expect(
      acceleratorUnitsPerInstance(
        findAcceleratorInstanceType('inf2.48xlarge')!,
      ),
    ).toBe(24);
    expect(
      acceleratorUnitsPerInstance(
        findAcceleratorInstanceType('trn1.32xlarge')!,
      ),
    ).toBe(32);
  });

  it('counts GPUs in devices', () => {
    expect(
      acceleratorUnitsPerInstance(findAcceleratorInstanceType('p4d.24xlarge')!),
    ).toBe(8);
    expect(
      acceleratorUnitsPerInstance(findAcceleratorInstanceType('g5.12xlarge')!),
    ).toBe(4);
  });

  it('carries the reference on-demand prices', () => {
    expect(findAcceleratorInstanceType('p5.48xlarge')!.onDemandHourly).toBe(
      55.04,
    );
    expect(findAcceleratorInstanceType('trn1n.32xlarge')!.onDemandHourly).toBe(
      24.78,
    );
  });

  it('carries the EFA interfaces of the multi-card training types, and none elsewhere', () => {
    const efa = Object.fromEntries(
      ACCELERATOR_INSTANCE_TYPES.filter(t => t.efaInterfaces).map(t => [
        t.instanceType,
        t.efaInterfaces,
      ]),
    );
    expect(efa).toEqual({
      'p4d.24xlarge': 4,
      'p4de.24xlarge': 4,
      'p5.48xlarge': 32,
      'p5en.48xlarge': 16,
      'trn1.32xlarge': 8,
      'trn1n.32xlarge': 16,
    });
  });

  it('knows nothing of instance types without accelerators', () => {
    expect(findAcceleratorInstanceType('m6i.xlarge')).toBeUndefined();
  });

  it('lists each instance type once', () => {
    const names = ACCELERATOR_INSTANCE_TYPES.map(t => t.instanceType);
    expect(new Set(names).size).toBe(names.length);
  });
});
