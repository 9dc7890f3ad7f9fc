import axe from 'axe-core';

/**
 * Runs axe-core on a rendered element and fails on serious or critical violations.
 * Colour contrast cannot be computed in jsdom, so that rule runs in the browser tests.
 */
export async function expectNoSeriousA11yViolations(
  element: Element,
): Promise<void> {
  const result = await axe.run(element, {
    resultTypes: ['violations'],
    rules: { 'color-contrast': { enabled: false } },
  });
  const serious = result.violations.filter(
    v => v.impact === 'serious' || v.impact === 'critical',
  );
  const report = serious.map(
    v =>
      `${v.id} (${v.impact}): ${v.help}\n${v.nodes
        .map(n => `  ${n.target.join(' ')}: ${n.failureSummary}`)
        .join('\n')}`,
  );
  expect(report).toEqual([]);
}
