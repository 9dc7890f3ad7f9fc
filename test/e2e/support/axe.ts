import { readFileSync } from 'node:fs';
import { expect, Page } from '@playwright/test';

/**
 * Runs axe-core in the page (colour contrast included, which jsdom cannot compute) on
 * the elements matching `selector`, and fails on serious or critical violations.
 */
export async function expectNoSeriousA11yViolations(
  page: Page,
  selector: string,
): Promise<void> {
  // Evaluated, not added as a script tag: the portal's CSP refuses inline scripts.
  await page.evaluate(
    readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'),
  );
  const violations = await page.evaluate(async include => {
    const result = await (window as any).axe.run(
      { include: [include] },
      { resultTypes: ['violations'] },
    );
    return result.violations
      .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v: any) =>
          `${v.id} (${v.impact}): ${v.help}\n${v.nodes
            .map((n: any) => `  ${n.target.join(' ')}: ${n.failureSummary}`)
            .join('\n')}`,
      );
  }, selector);
  expect(violations).toEqual([]);
}
