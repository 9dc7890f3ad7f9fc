import { resourceRegistry } from './resources';
import {
  matchesFields,
  matchesLabelSelector,
  matchesRequirements,
  parseFieldSelector,
  parseLabelSelector,
} from './selectors';
import { KubeStatusError } from './status';

const pods = resourceRegistry.byResource('', 'v1', 'pods')!;
const rayJobs = resourceRegistry.byResource('ray.io', 'v1', 'rayjobs')!;

function matches(selector: string, labels: Record<string, string>) {
  return matchesRequirements(parseLabelSelector(selector), labels);
}

function parseError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof KubeStatusError) return `${e.code} ${e.message}`;
    throw e;
  }
  throw new Error('expected a parse error');
}

describe('label selectors', () => {
  it('parses every operator', () => {
    expect(
      parseLabelSelector('a=b, c==d,e!=f,g in (x, y),h notin (z),i,!j,k>3'),
    ).toEqual([
      { key: 'a', operator: '=', values: ['b'] },
      { key: 'c', operator: '=', values: ['d'] },
      { key: 'e', operator: '!=', values: ['f'] },
      { key: 'g', operator: 'in', values: ['x', 'y'] },
      { key: 'h', operator: 'notin', values: ['z'] },
      { key: 'i', operator: 'exists', values: [] },
      { key: 'j', operator: '!', values: [] },
      { key: 'k', operator: '>', values: ['3'] },
    ]);
    expect(parseLabelSelector('')).toEqual([]);
    expect(parseLabelSelector('app.kubernetes.io/name=web')).toHaveLength(1);
  });

  it('matches like Kubernetes: != and notin match absent labels', () => {
    expect(matches('app=web', { app: 'web' })).toBe(true);
    expect(matches('app!=web', {})).toBe(true);
    expect(matches('tier notin (gpu)', {})).toBe(true);
    expect(matches('tier in (gpu)', {})).toBe(false);
    expect(matches('!gpu', { gpu: '' })).toBe(false);
    expect(matches('app=', { app: '' })).toBe(true);
    expect(matches('n>2,n<5', { n: '3' })).toBe(true);
  });

  it('answers 400 for what does not parse', () => {
    expect(parseError(() => parseLabelSelector('a in x'))).toBe(
      "400 unable to parse requirement: found 'x', expected: '('",
    );
    expect(parseError(() => parseLabelSelector('a in ()'))).toContain(
      "values set can't be empty",
    );
    expect(parseError(() => parseLabelSelector('a=b c'))).toContain(
      '400 unable to parse requirement',
    );
    expect(parseError(() => parseLabelSelector('Bad Key=1'))).toContain('400');
    expect(parseError(() => parseLabelSelector('a=b!c'))).toContain('400');
  });

  it('matches LabelSelector objects', () => {
    const selector = {
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'tier', operator: 'In', values: ['gpu'] }],
    };
    expect(matchesLabelSelector(selector, { app: 'web', tier: 'gpu' })).toBe(
      true,
    );
    expect(matchesLabelSelector(selector, { app: 'web' })).toBe(false);
    expect(matchesLabelSelector({}, {})).toBe(true);
    expect(matchesLabelSelector(null, {})).toBe(false);
  });
});

describe('field selectors', () => {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'a,b', namespace: 'ns' },
    spec: { nodeName: 'n1' },
    status: { phase: 'Running' },
  };

  it('matches supported fields, with escapes', () => {
    expect(
      matchesFields(parseFieldSelector('metadata.name=a\\,b', pods), pod),
    ).toBe(true);
    expect(
      matchesFields(
        parseFieldSelector('spec.nodeName==n1,status.phase!=Pending', pods),
        pod,
      ),
    ).toBe(true);
    expect(
      matchesFields(parseFieldSelector('spec.hostNetwork=false', pods), pod),
    ).toBe(true);
    expect(
      matchesFields(parseFieldSelector('metadata.namespace!=ns', pods), pod),
    ).toBe(false);
  });

  it('refuses unsupported fields as the real API server words it', () => {
    expect(parseError(() => parseFieldSelector('spec.foo=1', pods))).toBe(
      '400 field label not supported: spec.foo',
    );
    expect(
      parseError(() => parseFieldSelector('spec.entrypoint=x', rayJobs)),
    ).toBe(
      '400 "spec.entrypoint" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
  });
});
