import { ObjectClient } from './objectClient';
import { AppliedObject, KubeObject } from './types';

function applied(
  obj: KubeObject,
  result: AppliedObject['result'],
): AppliedObject {
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    name: obj.metadata.name,
    ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
    result,
  };
}

/**
 * Server-side applies objects in order, after reading each one so the result
 * says created, configured or unchanged. A dry run only reads (GET): it makes no
 * other request and says what it would do.
 */
export async function applyObjects(options: {
  client: ObjectClient;
  objects: KubeObject[];
  dryRun: boolean;
  force: boolean;
}): Promise<AppliedObject[]> {
  const { client, objects, dryRun, force } = options;
  const live: Array<KubeObject | undefined> = [];
  for (const obj of objects) live.push(await client.get(obj));
  if (dryRun) {
    return objects.map((obj, i) =>
      applied(obj, live[i] ? 'would-apply' : 'would-create'),
    );
  }
  const results: AppliedObject[] = [];
  for (const [i, obj] of objects.entries()) {
    const { object, created } = await client.apply(obj, { force });
    const before = live[i]?.metadata.resourceVersion;
    let result: AppliedObject['result'] = 'configured';
    if (created || !live[i]) result = 'created';
    else if (before === object.metadata.resourceVersion) result = 'unchanged';
    results.push(applied(obj, result));
  }
  return results;
}
