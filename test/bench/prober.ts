import { ChildProcess, spawn } from 'node:child_process';

/** What a prober measured: each probe's latencies (ms) and its failures. */
export type ProbeResults = Record<string, { ms: number[]; failures: number }>;

/**
 * The probes, in a process of their own so the load's event loop does not delay them:
 * the backend's liveness (what a load balancer asks), the aiml plugin's health, and a
 * sign-in (token issuing: the auth plugin, the catalog, the signing key). One round
 * every `everyMs`, each probe timed alone. On SIGTERM it prints its results as JSON.
 */
const SCRIPT = `
const [baseUrl, persona, everyMs] = process.argv.slice(1);
const probes = {
  'liveness': () => fetch(baseUrl + '/.backstage/health/v1/liveness'),
  'aiml health': () => fetch(baseUrl + '/api/aiml/health'),
  'sign-in': () => fetch(baseUrl + '/api/auth/sandbox-persona/refresh?env=development', {
    headers: { 'X-Requested-With': 'XMLHttpRequest', 'x-aiml-persona': persona },
  }),
};
const results = Object.fromEntries(Object.keys(probes).map(k => [k, { ms: [], failures: 0 }]));
let stopping = false;
process.on('SIGTERM', () => { stopping = true; });
(async () => {
  while (!stopping) {
    for (const [name, probe] of Object.entries(probes)) {
      const t0 = performance.now();
      try {
        const res = await probe();
        await res.arrayBuffer();
        if (!res.ok) results[name].failures++;
      } catch { results[name].failures++; }
      results[name].ms.push(performance.now() - t0);
    }
    await new Promise(r => setTimeout(r, Number(everyMs)));
  }
  process.stdout.write(JSON.stringify(results));
})();
`;

export interface Prober {
  stop(): Promise<ProbeResults>;
}

export function startProber(
  baseUrl: string,
  persona: string,
  everyMs = 250,
): Prober {
  const child: ChildProcess = spawn(
    process.execPath,
    ['-e', SCRIPT, baseUrl, persona, String(everyMs)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout!.on('data', d => (out += d.toString()));
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );
  return {
    async stop() {
      child.kill('SIGTERM');
      await exited;
      return JSON.parse(out) as ProbeResults;
    },
  };
}
