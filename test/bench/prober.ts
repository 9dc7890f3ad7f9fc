import { ChildProcess, spawn } from 'node:child_process';
import { TEST_TOKEN } from '../support/portalBackend';

/**
 * What a prober measured: each probe's latencies (ms), when each was sent (ms after the
 * prober started), and its failures.
 */
export type ProbeResults = Record<
  string,
  { ms: number[]; at: number[]; failures: number }
>;

/**
 * The probes, in a process of their own so the load's event loop does not delay them:
 * a catalog read (a User by name, as a script with a static token: one request, the
 * catalog's database), the backend's liveness (what a load balancer asks), the aiml
 * plugin's health, and a sign-in (the auth plugin, a catalog read, the signing key, a
 * write of the user's claims to the auth database). One round
 * every `everyMs`, each probe timed alone. On SIGTERM it prints its results as JSON.
 */
const SCRIPT = `
const [baseUrl, persona, everyMs, token] = process.argv.slice(1);
const probes = {
  'catalog read': () => fetch(baseUrl + '/api/catalog/entities/by-name/user/default/' + persona, {
    headers: { Authorization: 'Bearer ' + token },
  }),
  'liveness': () => fetch(baseUrl + '/.backstage/health/v1/liveness'),
  'aiml health': () => fetch(baseUrl + '/api/aiml/health'),
  'sign-in': () => fetch(baseUrl + '/api/auth/sandbox-persona/refresh?env=development', {
    headers: { 'X-Requested-With': 'XMLHttpRequest', 'x-aiml-persona': persona },
  }),
};
const results = Object.fromEntries(Object.keys(probes).map(k => [k, { ms: [], at: [], failures: 0 }]));
const start = performance.now();
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
      results[name].at.push(t0 - start);
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
    ['-e', SCRIPT, baseUrl, persona, String(everyMs), TEST_TOKEN],
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
