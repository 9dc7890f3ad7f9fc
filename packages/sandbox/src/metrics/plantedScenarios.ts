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
  /** The planted month: a fleet's history with weekends, projects and incidents. */
  month: PlantedMonth;
  /** Per team queue of ml-sandbox-use1 with Kueue, week of 2026-07-06. */
  kueue: PlantedRow[];
}

/** The tables of the planted month ("The planted month, YYYY-MM" and what follows). */
export interface PlantedMonth {
  /** `YYYY-MM`. */
  month: string;
  /** The month as the API's window: `from` its first day, `to` the next month's. */
  from: string;
  to: string;
  /** Per workload: the arithmetic behind every other table. */
  workloads: PlantedRow[];
  /** Per team, with the previous 30 days' spend and the change in percent. */
  teams: PlantedRow[];
  /** Per cost center (`(unlabelled)` for namespaces without a trusted label). */
  costCenters: PlantedRow[];
  /** Per cluster and accelerator type. */
  clusterTypes: PlantedRow[];
  /** Per cost center, cluster and accelerator type, with the price source. */
  chargeback: PlantedRow[];
  /** Per team on the days of the planted events. */
  days: PlantedRow[];
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
  const month = /^### Chargeback, (\d{4}-\d{2})$/m.exec(section)![1];
  const [year, m] = month.split('-').map(Number);
  return {
    projects: markdownTable(section, 'Projects'),
    teams: markdownTable(section, 'Teams, week of 2026-06-01'),
    clusters: markdownTable(section, 'Clusters, week of 2026-06-01'),
    kueue: markdownTable(section, 'Kueue, week of 2026-07-06'),
    month: {
      month,
      from: `${month}-01`,
      to: new Date(Date.UTC(year, m, 1)).toISOString().slice(0, 10),
      workloads: markdownTable(section, `The planted month, ${month}`),
      teams: markdownTable(section, `Teams, ${month}`),
      costCenters: markdownTable(section, `Cost centers, ${month}`),
      clusterTypes: markdownTable(
        section,
        `Clusters and accelerator types, ${month}`,
      ),
      chargeback: markdownTable(section, `Chargeback, ${month}`),
      days: markdownTable(section, `Days, ${month}`),
    },
  };
}

/** A figure of a planted table as a number (`1,094.55` → 1094.55). */
export const plantedNumber = (cell: string) => Number(cell.replace(/,/g, ''));
