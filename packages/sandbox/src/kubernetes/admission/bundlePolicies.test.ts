import { ADMISSION_RULES } from '@eks-aiml/plugin-aiml-common';
import { compileCelExpression } from './cel';

// Every CEL expression the product's cluster bootstrap bundle ships compiles with the
// library the sandbox evaluates it with (no Kubernetes CEL extension it lacks), and
// decides sample pods, Secrets and Services as the policy's message says.
describe("the bundle's admission policies", () => {
  const expressions = ADMISSION_RULES.flatMap(rule => [
    ...(rule.variables ?? []).map(v => [rule.name, v.expression] as const),
    ...rule.validations.map(v => [rule.name, v.expression] as const),
  ]);

  it.each(expressions)('%s: %s compiles', (_, expression) => {
    const compiled = compileCelExpression(expression);
    expect(compiled.ok ? 'ok' : compiled.error).toBe('ok');
  });

  const evaluate = (name: string, object: unknown) => {
    const rule = ADMISSION_RULES.find(r => r.name === name)!;
    const variables: Record<string, unknown> = {};
    for (const v of rule.variables ?? []) {
      const compiled = compileCelExpression(v.expression);
      if (!compiled.ok) throw new Error(compiled.error);
      variables[v.name] = compiled.evaluate({ object, variables });
    }
    return rule.validations.map(v => {
      const compiled = compileCelExpression(v.expression);
      if (!compiled.ok) throw new Error(compiled.error);
      return compiled.evaluate({ object, variables });
    });
  };

  const pod = (spec: Record<string, unknown>) => ({
    spec: { containers: [{ name: 'c', image: 'x' }], ...spec },
  });

  it('decides sample objects as their messages say', () => {
    expect(
      evaluate(
        'aiml-workload-service-accounts',
        pod({ serviceAccountName: 'llama-workload' }),
      ),
    ).toEqual([true]);
    expect(
      evaluate(
        'aiml-workload-service-accounts',
        pod({ serviceAccountName: 'default' }),
      ),
    ).toEqual([false]);
    expect(
      evaluate('aiml-no-service-account-token-secrets', {
        type: 'kubernetes.io/service-account-token',
      }),
    ).toEqual([false]);
    expect(
      evaluate('aiml-no-service-account-token-secrets', { type: 'Opaque' }),
    ).toEqual([true]);
    expect(
      evaluate('aiml-cluster-ip-services', { spec: { type: 'LoadBalancer' } }),
    ).toEqual([false, true]);
    expect(
      evaluate(
        'aiml-no-host-access',
        pod({
          initContainers: [
            { name: 'i', image: 'x', securityContext: { privileged: true } },
          ],
          volumes: [{ name: 'v', hostPath: { path: '/' } }],
        }),
      ),
    ).toEqual([true, false, false, true]);
    expect(evaluate('aiml-no-host-access', pod({}))).toEqual([
      true,
      true,
      true,
      true,
    ]);
  });
});
