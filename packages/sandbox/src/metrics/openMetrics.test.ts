import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SandboxMetrics } from './generator';
import { openMetricsChunks, toOpenMetrics } from './openMetrics';

const START = Date.parse('2026-06-02T10:00:00Z');
const WINDOW = { startMs: START, endMs: START + 10 * 60_000 };

const SAMPLE =
  /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*"(?:,|(?=\})))*\})? (-?[0-9.e+-]+) (\d+)$/;

function promtool(): string | undefined {
  try {
    execFileSync('promtool', ['--version'], { stdio: 'ignore' });
    return 'promtool';
  } catch {
    return undefined;
  }
}

describe('toOpenMetrics', () => {
  const metrics = new SandboxMetrics();
  const text = toOpenMetrics(WINDOW, 60, {
    metrics,
    clusters: ['ml-sandbox-use1'],
  });
  const lines = text.split('\n');

  it('writes OpenMetrics text: grouped families, seconds, # EOF', () => {
    expect(text.endsWith('# EOF\n')).toBe(true);
    expect(lines.filter(l => l === '# EOF')).toHaveLength(1);
    const seen = new Set<string>();
    const problems: string[] = [];
    let family: string | undefined;
    let samples = 0;
    for (const line of lines.slice(0, -2)) {
      const type = /^# TYPE (\S+) gauge$/.exec(line);
      const m = SAMPLE.exec(line);
      const ms = Number(m?.[4]) * 1000;
      if (type) {
        // Each family appears once, all its samples together.
        if (seen.has(type[1])) problems.push(`${type[1]} appears twice`);
        seen.add(type[1]);
        family = type[1];
      } else if (line.startsWith('# HELP ')) {
        if (!line.startsWith(`# HELP ${family} `)) problems.push(line);
      } else if (
        !m ||
        m[1] !== family ||
        !(ms >= WINDOW.startMs && ms < WINDOW.endMs) ||
        !m[2].includes('cluster="ml-sandbox-use1"')
      ) {
        problems.push(line);
      } else {
        samples++;
      }
    }
    expect(problems).toEqual([]);
    expect(seen).toEqual(
      new Set([
        'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
        'DCGM_FI_DEV_GPU_UTIL',
        'DCGM_FI_DEV_FB_USED',
        'neuroncore_utilization_ratio',
        'kube_node_info',
        'kube_node_labels',
        'kube_node_status_capacity',
        'kube_namespace_labels',
        'kube_pod_info',
        'kube_pod_labels',
        'kube_pod_status_phase',
        'kube_pod_container_resource_requests',
      ]),
    );
    // One sample per step of every series that exists then.
    const live = metrics
      .series('ml-sandbox-use1')
      .filter(s => metrics.sampleAt(s, START) !== undefined).length;
    expect(samples).toBe(live * 10);
  });

  it('streams the same text in chunks, and can leave out the cluster label', () => {
    expect(
      [
        ...openMetricsChunks(WINDOW, 60, {
          metrics,
          clusters: ['ml-sandbox-use1'],
        }),
      ].join(''),
    ).toBe(text);
    const bare = toOpenMetrics({ startMs: START, endMs: START + 60_000 }, 60, {
      metrics,
      clusters: ['ml-sandbox-usw2'],
      clusterLabel: null,
    });
    expect(bare).not.toContain('cluster="');
    expect(bare).toContain('GPU_I_PROFILE="1g.5gb"');
  });

  it('relabels or leaves out series as a scrape would', () => {
    const relabelled = toOpenMetrics(WINDOW, 60, {
      metrics,
      clusters: ['ml-sandbox-use1'],
      relabel: (name, { pod, ...labels }) => {
        if (name === 'DCGM_FI_DEV_FB_USED') return undefined;
        return pod === undefined ? labels : { ...labels, exported_pod: pod };
      },
    });
    expect(relabelled).not.toContain('DCGM_FI_DEV_FB_USED');
    expect(relabelled).not.toMatch(/[{,]pod="/);
    expect(relabelled).toMatch(
      /^DCGM_FI_PROF_GR_ENGINE_ACTIVE\{.*exported_pod="/m,
    );
    expect(relabelled.endsWith('# EOF\n')).toBe(true);
  });

  // promtool comes with the Debian package prometheus; skipped where it is missing.
  const tool = promtool();
  (tool ? describe : describe.skip)('with promtool', () => {
    it('is accepted by promtool tsdb create-blocks-from openmetrics', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-om-'));
      let out: string;
      try {
        const file = path.join(dir, 'metrics.om');
        fs.writeFileSync(file, text);
        out = execFileSync(
          tool!,
          [
            'tsdb',
            'create-blocks-from',
            'openmetrics',
            file,
            path.join(dir, 'data'),
          ],
          { encoding: 'utf8' },
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
      expect(out).toMatch(/BLOCK ULID|MIN TIME/);
    });
  });
});

describe("toOpenMetrics over the planted month's events", () => {
  const metrics = new SandboxMetrics();
  // Two hourly scrapes from the given instant.
  const at = (iso: string) => Date.parse(iso);
  const samples = (startIso: string, clusters: string[]) =>
    toOpenMetrics(
      { startMs: at(startIso), endMs: at(startIso) + 2 * 3_600_000 },
      3600,
      { metrics, clusters },
    )
      .split('\n')
      .filter(l => !l.startsWith('#') && l);

  it('writes what a scrape saw: weekday pods gone at the weekend, a reclaimed node absent', () => {
    const weekend = samples('2026-11-20T23:00:00Z', ['ml-sandbox-usw2']);
    const peak = weekend.filter(
      l => l.startsWith('kube_pod_info{') && l.includes('chat-inference-peak-'),
    );
    // 4 pods, at 23:00 only (the 00:00 scrape finds none).
    expect(peak).toHaveLength(4);
    expect(
      peak.every(l => l.endsWith(` ${at('2026-11-20T23:00:00Z') / 1000}`)),
    ).toBe(true);

    const [worker] = metrics
      .topology('ml-sandbox-use1')
      .pods.filter(p => p.workload.name === 'llama-finetune-worker');
    const node = samples('2026-11-18T01:00:00Z', ['ml-sandbox-use1']).filter(
      l =>
        l.startsWith('kube_node_info{') && l.includes(`node="${worker.node}"`),
    );
    // 01:00 scraped, 02:00 (reclaimed) not.
    expect(node).toHaveLength(1);
    expect(node[0].endsWith(` ${at('2026-11-18T01:00:00Z') / 1000}`)).toBe(
      true,
    );
  });
});
