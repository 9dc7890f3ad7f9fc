import fs from 'node:fs';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

/** One row of a table, by column heading (cells as written, e.g. `1,094.55`). */
export type PlantedRow = Record<string, string>;

/** The tables of "Planted usage scenarios" in this package's README. */
export interface PlantedScenarios {
  /** Per project and cluster: window, instance and capacity type, expected figures. */
  projects: PlantedRow[];
  /** Per team, week of 2026-06-01. */
  teams: PlantedRow[];
  /** Per cluster, week of 2026-06-01. */
  clusters: PlantedRow[];
}

function markdownTable(section: string, heading: string): PlantedRow[] {
  const after = section.split(`### ${heading}\n`)[1].split('\n');
  const first = after.findIndex(l => l.startsWith('|'));
  const end = after.findIndex((l, i) => i > first && !l.startsWith('|'));
  const lines = after.slice(first, end < 0 ? undefined : end);
  const cells = (l: string) =>
    l
      .split('|')
      .slice(1, -1)
      .map(c => c.trim());
  const header = cells(lines[0]);
  return lines
    .slice(2)
    .map(l => Object.fromEntries(cells(l).map((c, i) => [header[i], c])));
}

/**
 * The planted scenarios' expected answers, read from the README where they were
 * computed by hand (never by the cost model), for every test that checks a source or
 * the usage API against them.
 */
export function readPlantedScenarios(): PlantedScenarios {
  const readme = fs.readFileSync(
    resolvePackagePath('@eks-aiml/sandbox', 'README.md'),
    'utf8',
  );
  const section = readme
    .split('## Planted usage scenarios')[1]
    .split('\n## ')[0];
  return {
    projects: markdownTable(section, 'Projects'),
    teams: markdownTable(section, 'Teams, week of 2026-06-01'),
    clusters: markdownTable(section, 'Clusters, week of 2026-06-01'),
  };
}

/** A figure of a planted table as a number (`1,094.55` → 1094.55). */
export const plantedNumber = (cell: string) => Number(cell.replace(/,/g, ''));
