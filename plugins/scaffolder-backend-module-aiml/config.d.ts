export interface Config {
  aiml?: {
    /** How `aiml:workload:render` renders workloads. */
    workloads?: {
      /**
       * The scheduler of Neuron pods that ask for more than one NeuronCore: the second
       * scheduler the Neuron Helm chart installs with the Neuron scheduler extension
       * (`scheduler.enabled=true`), which places a pod's cores contiguously. Default
       * `my-scheduler`, the name the chart and the AWS Neuron docs use. A template's
       * `neuronSchedulerName` input overrides it.
       */
      neuronSchedulerName?: string;
    };
  };
}
