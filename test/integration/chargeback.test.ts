/**
 * Cost centers, workload types and the chargeback through the portal's real backend on
 * the sandbox (port 7260): signed-in personas over HTTP, the portal's own permission
 * policy deciding who may download, the planted month of packages/sandbox/README.md.
 */
import { plantedNumber as num, readPlantedScenarios } from '@eks-aiml/sandbox';
import { signIn, waitForMembership } from '../support/personas';
import { PortalBackend, startPortalBackend } from '../support/portalBackend';

jest.setTimeout(240_000);

const planted = readPlantedScenarios().month;
const WEEK = '?from=2026-06-01&to=2026-06-08';
const cents = (v: number) => Math.round(v * 100) / 100;
const sum = (rows: any[], key = 'spend') =>
  rows.reduce((s: number, r: any) => s + r[key], 0);

let backend: PortalBackend;
const tokens: Record<string, string> = {};

async function get(persona: string, url: string) {
  const res = await fetch(`${backend.baseUrl}/api/aiml${url}`, {
    headers: { Authorization: `Bearer ${tokens[persona]}` },
  });
  const text = await res.text();
  const json = res.headers.get('content-type')?.startsWith('application/json');
  return {
    status: res.status,
    headers: res.headers,
    text,
    body: json ? JSON.parse(text) : undefined,
  };
}

beforeAll(async () => {
  backend = await startPortalBackend({ port: 7260 });
  for (const [persona, team] of [
    ['fatima', 'finops'],
    ['alex', 'platform-admins'],
    ['maya', 'ml-research'],
  ]) {
    await waitForMembership(backend, persona, team);
    tokens[persona] = await signIn(backend, persona);
  }
});

afterAll(async () => {
  await backend?.stop();
});

it('gives cost-center and workload-type totals equal to the team totals plus unattributed', async () => {
  const res = await get('fatima', `/usage/teams${WEEK}`);
  expect(res.status).toBe(200);
  const { report } = res.body;
  const teams = sum(report.byTeam) + report.totals.unattributedSpend;
  expect(report.totals.unattributedSpend).toBeGreaterThan(0);
  expect(sum(report.byCostCenter)).toBeCloseTo(teams, 6);
  expect(sum(report.byWorkloadType)).toBeCloseTo(teams, 6);
  expect(sum(report.byCostCenter, 'allocatedHours')).toBeCloseTo(
    report.totals.allocatedHours,
    6,
  );
  // legacy-experiments is team-labelled but not managed: its usage has no cost center.
  const unlabelled = report.byCostCenter.find(
    (r: any) => r.costCenter === null,
  );
  expect(unlabelled.spend).toBeCloseTo(report.totals.unattributedSpend, 6);
});

it("gives FinOps the planted month's chargeback to the cent, lines summing to the month's spend", async () => {
  const res = await get('fatima', `/usage/chargeback?month=${planted.month}`);
  expect(res.status).toBe(200);
  const cb = res.body;
  expect(cb).toMatchObject({
    month: planted.month,
    window: { from: planted.from, to: planted.to },
    complete: true,
    monthToDate: false,
  });
  expect(sum(cb.lines)).toBeCloseTo(cb.totals.spend, 6);
  const month = await get(
    'fatima',
    `/usage/teams?from=${planted.from}&to=${planted.to}`,
  );
  expect(cb.totals.spend).toBeCloseTo(month.body.report.totals.spend, 6);
  expect(cb.lines).toHaveLength(planted.chargeback.length);
  for (const row of planted.chargeback) {
    const costCenter =
      row['cost center'] === '(unlabelled)' ? null : row['cost center'];
    const line = cb.lines.find(
      (l: any) =>
        l.costCenter === costCenter &&
        l.cluster === row.cluster &&
        l.acceleratorType === row['accelerator type'],
    );
    expect(line).toBeDefined();
    expect(cents(line.spend)).toBe(num(row.spend));
    expect(cents(line.idleSpend)).toBe(num(row['idle spend']));
    expect(line.allocatedHours).toBeCloseTo(num(row['allocated hours']), 6);
    expect(line.priceSource).toBe(row['price source']);
  }
});

it('downloads the same lines as CSV, for platform admins too', async () => {
  const json = (await get('alex', `/usage/chargeback?month=${planted.month}`))
    .body;
  const res = await get(
    'alex',
    `/usage/chargeback?month=${planted.month}&format=csv`,
  );
  expect(res.status).toBe(200);
  expect(res.headers.get('content-disposition')).toBe(
    `attachment; filename="aiml-chargeback-${planted.month}.csv"`,
  );
  const [header, ...rows] = res.text.trim().split('\r\n');
  const columns = header.split(',');
  const at = (row: string[], name: string) => row[columns.indexOf(name)];
  expect(rows).toHaveLength(json.lines.length);
  rows
    .map(r => r.split(','))
    .forEach((row, i) => {
      const line = json.lines[i];
      expect(at(row, 'cost_center')).toBe(line.costCenter ?? 'unlabelled');
      expect(at(row, 'cluster')).toBe(line.cluster);
      expect(at(row, 'accelerator_type')).toBe(line.acceleratorType ?? '');
      expect(Number(at(row, 'spend'))).toBe(cents(line.spend));
      expect(at(row, 'price_source')).toBe(line.priceSource);
    });
});

it('refuses the chargeback to a team member, saying who may download it', async () => {
  const res = await get('maya', `/usage/chargeback?month=${planted.month}`);
  expect(res.status).toBe(403);
  expect(res.body.error.name).toBe('NotAllowedError');
  expect(res.body.error.message).toMatch(
    /You may not download the chargeback: .*FinOps and platform admins/,
  );
  // Her own team's cost center she sees on the usage routes.
  const mine = await get('maya', `/usage/teams${WEEK}`);
  expect(mine.body.report.byCostCenter.map((r: any) => r.costCenter)).toEqual([
    'cc-1001',
  ]);
});

it('answers a malformed month with 400 saying the format', async () => {
  const res = await get('fatima', '/usage/chargeback?month=November');
  expect(res.status).toBe(400);
  expect(res.body.error.message).toMatch(/month must be YYYY-MM \(UTC\)/);
});
