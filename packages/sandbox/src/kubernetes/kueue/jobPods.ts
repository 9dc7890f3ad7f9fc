/**
 * The pods of the jobs Kueue manages, as their operators (the Job controller,
 * KubeRay, the training operator) would run them: an unsuspended job has every
 * pod of every pod set (`<job>-<pod set>-<i>`, its template's labels and spec,
 * owned by the job), Running on the first Ready node its node selector
 * accepts, else Pending; a suspended job has none; a finished job's pods have
 * Succeeded or Failed. Jobs without a queue are left alone (the sandbox runs
 * no operators for them).
 */
import { KubeObject } from '../../types';
import { jsonClone } from '../json';
import { syncResourceQuotas } from '../quotaController';
import { controllerJobUid } from './jobIntegrations';
import { KueueContext } from './kueueContext';
import { objectAt, PODSET_LABEL } from './kueueApi';
import { queueNameOf } from './workloadFor';

function nodeFor(
  nodes: KubeObject[],
  selector: Record<string, unknown>,
): string | undefined {
  return nodes.find(n =>
    Object.entries(selector).every(
      ([k, v]) => n.metadata.labels?.[k] === String(v),
    ),
  )?.metadata.name;
}

/** Creates, finishes or deletes the pods of every managed job to match its state. */
export function syncJobPods(ctx: KueueContext): void {
  const podsDef = ctx.def('', 'v1', 'pods');
  const nodes = ctx.list(ctx.def('', 'v1', 'nodes'));
  const touched = new Set<string>();
  const jobUids = new Set<string>();
  for (const { integration, job } of ctx.jobs()) {
    jobUids.add(String(job.metadata.uid));
    if (!queueNameOf(job)) continue;
    const ns = job.metadata.namespace!;
    const pods = ctx
      .list(podsDef, ns)
      .filter(p => controllerJobUid(p) === job.metadata.uid);
    const outcome = integration.finished(job);
    if (integration.isSuspended(job)) {
      for (const p of pods) ctx.remove(p);
      if (pods.length) touched.add(ns);
      continue;
    }
    if (outcome) {
      const phase = outcome.success ? 'Succeeded' : 'Failed';
      for (const p of pods) {
        ctx.update(p, {
          ...jsonClone(p),
          status: { ...objectAt(p, 'status'), phase },
        });
      }
      touched.add(ns);
      continue;
    }
    for (const ps of integration.podSets(jsonClone(job))) {
      const meta = objectAt(ps.template, 'metadata');
      const spec = jsonClone(objectAt(ps.template, 'spec'));
      for (let i = 0; i < ps.count; i++) {
        const name = `${job.metadata.name}-${ps.name}-${i}`.slice(0, 253);
        if (pods.some(p => p.metadata.name === name)) continue;
        const node = nodeFor(nodes, objectAt(spec, 'nodeSelector'));
        ctx.create({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name,
            namespace: ns,
            labels: {
              ...(objectAt(meta, 'labels') as Record<string, string>),
              [PODSET_LABEL]: ps.name,
            },
            ownerReferences: [
              {
                apiVersion: job.apiVersion,
                kind: job.kind,
                name: job.metadata.name,
                uid: String(job.metadata.uid),
                controller: true,
                blockOwnerDeletion: true,
              },
            ],
          },
          spec: { ...spec, ...(node ? { nodeName: node } : {}) },
          status: { phase: node ? 'Running' : 'Pending' },
        });
        touched.add(ns);
      }
    }
  }
  // The pods of a deleted job go with it, as the garbage collector would take them.
  for (const pod of ctx.list(podsDef)) {
    const owner = controllerJobUid(pod);
    if (owner && !jobUids.has(owner)) {
      ctx.remove(pod);
      touched.add(pod.metadata.namespace!);
    }
  }
  for (const ns of touched) syncResourceQuotas(ctx.store, ctx.registry, ns);
}
