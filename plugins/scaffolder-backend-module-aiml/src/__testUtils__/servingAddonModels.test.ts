import { validateServingAddon } from './servingAddonModels';

it('refuses what the upstream CRDs refuse', () => {
  expect(() =>
    validateServingAddon({
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'x' },
      spec: { scaleTargetRef: { name: 'x' } },
    } as any),
  ).toThrow(/triggers/);
  expect(() =>
    validateServingAddon({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: { name: 'x' },
      spec: { selector: {}, podMetricsEndpoints: [{ interval: '15 s' }] },
    } as any),
  ).toThrow(/interval/);
});
