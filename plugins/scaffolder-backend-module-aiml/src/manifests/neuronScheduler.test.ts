import { ConfigReader } from '@backstage/config';
import { readNeuronSchedulerName } from './neuronScheduler';

describe('readNeuronSchedulerName', () => {
  it('is my-scheduler, the Neuron Helm chart’s, unless aiml.workloads.neuronSchedulerName names another', () => {
    expect(readNeuronSchedulerName(new ConfigReader({}))).toBe('my-scheduler');
    expect(
      readNeuronSchedulerName(
        new ConfigReader({
          aiml: { workloads: { neuronSchedulerName: 'neuron-scheduler' } },
        }),
      ),
    ).toBe('neuron-scheduler');
  });
});
