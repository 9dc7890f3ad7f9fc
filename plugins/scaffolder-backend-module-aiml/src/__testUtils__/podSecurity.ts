/**
 * Test helpers: find the pod templates of rendered objects, and check a pod
 * spec against the Pod Security Standards `restricted` profile (which implies
 * `baseline`), as the admission controller would.
 */

/** Every pod template of an object, with where it is. */
export function podTemplatesOf(obj: any): Array<{ at: string; template: any }> {
  const found: Array<{ at: string; template: any }> = [];
  const spec = obj.spec ?? {};
  const add = (at: string, template: any) => {
    if (template) found.push({ at, template });
  };
  const ray = (at: string, cluster: any) => {
    if (!cluster) return;
    add(`${at}.headGroupSpec.template`, cluster.headGroupSpec?.template);
    (cluster.workerGroupSpecs ?? []).forEach((g: any, i: number) =>
      add(`${at}.workerGroupSpecs[${i}].template`, g.template),
    );
  };
  switch (obj.kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'Job':
      add('spec.template', spec.template);
      break;
    case 'RayJob':
      ray('spec.rayClusterSpec', spec.rayClusterSpec);
      add('spec.submitterPodTemplate', spec.submitterPodTemplate);
      break;
    case 'RayService':
      ray('spec.rayClusterConfig', spec.rayClusterConfig);
      break;
    case 'PyTorchJob':
      for (const [role, r] of Object.entries<any>(
        spec.pytorchReplicaSpecs ?? {},
      )) {
        add(`spec.pytorchReplicaSpecs.${role}.template`, r.template);
      }
      break;
    default:
  }
  return found;
}

const RESTRICTED_VOLUMES = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
];

/** What `restricted` would refuse in a pod spec; empty when it admits it. */
export function restrictedViolations(pod: any): string[] {
  const v: string[] = [];
  if (pod.hostNetwork || pod.hostPID || pod.hostIPC) v.push('host namespaces');
  for (const vol of pod.volumes ?? []) {
    const type = Object.keys(vol).find(k => k !== 'name');
    if (!RESTRICTED_VOLUMES.includes(type!)) v.push(`volume type ${type}`);
  }
  const podSc = pod.securityContext ?? {};
  if (podSc.runAsUser === 0) v.push('pod runAsUser 0');
  const containers = [
    ...(pod.containers ?? []),
    ...(pod.initContainers ?? []),
    ...(pod.ephemeralContainers ?? []),
  ];
  for (const c of containers) {
    const sc = c.securityContext ?? {};
    if (sc.privileged) v.push(`${c.name}: privileged`);
    if (sc.allowPrivilegeEscalation !== false)
      v.push(`${c.name}: allowPrivilegeEscalation must be false`);
    const drop: string[] = sc.capabilities?.drop ?? [];
    if (!drop.includes('ALL')) v.push(`${c.name}: must drop ALL capabilities`);
    const add: string[] = sc.capabilities?.add ?? [];
    if (add.some(a => a !== 'NET_BIND_SERVICE'))
      v.push(`${c.name}: adds capabilities`);
    if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true)
      v.push(`${c.name}: runAsNonRoot must be true`);
    if (sc.runAsUser === 0) v.push(`${c.name}: runAsUser 0`);
    const seccomp = sc.seccompProfile?.type ?? podSc.seccompProfile?.type;
    if (!['RuntimeDefault', 'Localhost'].includes(seccomp))
      v.push(`${c.name}: seccompProfile must be RuntimeDefault`);
    if ((c.ports ?? []).some((p: any) => p.hostPort))
      v.push(`${c.name}: hostPort`);
  }
  return v;
}
