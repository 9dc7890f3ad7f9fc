import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';

/** The TLS options that decide who a connection is, and which server it trusts. */
const TLS_KEYS = [
  'ca',
  'cert',
  'key',
  'pfx',
  'passphrase',
  'rejectUnauthorized',
  'servername',
] as const;

/** At most this many distinct TLS identities keep connections (clusters × client certificates). */
const MAX_AGENTS = 64;

const agents = new Map<string, https.Agent>();

function identityOf(options: https.AgentOptions): string {
  const hash = crypto.createHash('sha256');
  for (const key of TLS_KEYS) {
    const value = options[key];
    hash.update(`${key}=`);
    if (value !== undefined) hash.update(JSON.stringify(String(value)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/**
 * The Kubernetes client makes a new `https.Agent` for every request, so every call
 * opens a TCP and TLS connection. This answers, for such an agent, one kept-alive agent
 * per TLS identity (the CA it trusts and any client certificate; bearer tokens travel
 * in headers, so callers with different tokens may share connections, as kubectl's
 * transport does). Proxy agents and plain HTTP are returned as they are.
 */
export function keepAliveAgent(
  agent: http.Agent | undefined,
): http.Agent | undefined {
  if (!agent || agent.constructor !== https.Agent) return agent;
  const options = (agent as https.Agent & { options: https.AgentOptions })
    .options;
  const id = identityOf(options);
  let shared = agents.get(id);
  if (!shared) {
    const tls = Object.fromEntries(
      TLS_KEYS.filter(k => options[k] !== undefined).map(k => [k, options[k]]),
    );
    shared = new https.Agent({ ...tls, keepAlive: true, maxSockets: 32 });
    agents.set(id, shared);
    if (agents.size > MAX_AGENTS) {
      const [oldestId, oldest] = agents.entries().next().value!;
      agents.delete(oldestId);
      oldest.destroy();
    }
  }
  return shared;
}
