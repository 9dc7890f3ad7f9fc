import {
  acceleratorFamilyMismatch,
  findModel,
  modelFits,
  requiredMemoryGiB,
} from './models';

const llama70 = findModel('meta-llama/Llama-3.1-70B-Instruct')!;
const llama8 = findModel('meta-llama/Llama-3.1-8B-Instruct')!;

describe('the model fit formula', () => {
  it('computes weights at the dtype plus 20%', () => {
    // 8.03e9 params × 2 bytes = 16.06e9 bytes = 14.957 GiB; × 1.2 = 17.949 GiB
    expect(requiredMemoryGiB(llama8, 'bf16')).toBeCloseTo(17.949, 2);
    // 70.6e9 × 0.5 bytes = 35.3e9 bytes = 32.876 GiB; × 1.2 = 39.451 GiB
    expect(requiredMemoryGiB(llama70, 'int4')).toBeCloseTo(39.451, 2);
  });

  it('a 70B model does not fit one A10G', () => {
    const fit = modelFits({
      model: llama70,
      dtype: 'bf16',
      instanceType: 'g5.xlarge',
    });
    expect(fit.fits).toBe(false);
    expect(fit.availableGiB).toBe(24);
    expect(fit.reason).toMatch(
      /needs 157\.\d GiB.*1 × NVIDIA A10G 24GB have 24 GiB/,
    );
  });

  it('an 8B model in bf16 fits one L4', () => {
    expect(
      modelFits({ model: llama8, dtype: 'bf16', instanceType: 'g6.xlarge' }),
    ).toMatchObject({
      fits: true,
      availableGiB: 24,
    });
  });

  it('a 70B model in bf16 (157.8 GiB) fits two A100 80GB but not one', () => {
    expect(
      modelFits({
        model: llama70,
        dtype: 'bf16',
        instanceType: 'p4de.24xlarge',
      }).fits,
    ).toBe(true);
    expect(
      modelFits({
        model: llama70,
        dtype: 'bf16',
        instanceType: 'p4de.24xlarge',
        devices: 1,
      }).fits,
    ).toBe(false);
    expect(
      modelFits({
        model: llama70,
        dtype: 'bf16',
        instanceType: 'p4de.24xlarge',
        devices: 2,
      }).fits,
    ).toBe(true);
  });

  it('refuses more devices than the instance has', () => {
    expect(
      modelFits({
        model: llama8,
        dtype: 'bf16',
        instanceType: 'g6.xlarge',
        devices: 2,
      }),
    ).toMatchObject({
      fits: false,
      reason: 'g6.xlarge has 1 accelerator device(s); 2 requested',
    });
  });
});

describe('acceleratorFamilyMismatch', () => {
  it('refuses Neuron on a GPU instance', () => {
    expect(acceleratorFamilyMismatch('neuron', 'g5.12xlarge')).toMatch(
      /NVIDIA GPUs: Neuron workloads need/,
    );
  });

  it('refuses GPU workloads on Inferentia', () => {
    expect(acceleratorFamilyMismatch('nvidia', 'inf2.xlarge')).toMatch(
      /Inferentia2.*GPU workloads need/,
    );
  });

  it('accepts matching families', () => {
    expect(
      acceleratorFamilyMismatch('neuron', 'trn1.32xlarge'),
    ).toBeUndefined();
    expect(acceleratorFamilyMismatch('nvidia', 'p5.48xlarge')).toBeUndefined();
  });
});
