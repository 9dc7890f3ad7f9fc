import { ObjectClient } from '../kubernetes/objectClient';
import { describeObject, KubeObject } from '../kubernetes/types';
import { RetireStep } from './retirePlan';

/** One object of a retired project and what happened to it. */
export type RetiredObject = {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  /** e.g. `suspended, deleted`; `would be …` in a dry run; `left alone: …`. */
  result: string;
};

function retired(obj: KubeObject, result: string): RetiredObject {
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    name: obj.metadata.name,
    ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
    result,
  };
}

/**
 * Runs the steps in order, one object at a time: its patch (hold, or ACK's
 * deletion policy), then its delete, on the condition that it is still the
 * object that was found (its uid). An object already gone is done, so a run
 * after a partial failure finishes the job. Each result is reported as it
 * happens (the task log), so a failure leaves a record of what was done; the
 * failure itself is thrown. A dry run changes nothing and says what would be done.
 */
export async function retireObjects(options: {
  client: ObjectClient;
  steps: RetireStep[];
  dryRun: boolean;
  report: (line: string) => void;
}): Promise<RetiredObject[]> {
  const { client, steps, dryRun, report } = options;
  const results: RetiredObject[] = [];
  const record = (obj: KubeObject, result: string) => {
    report(`${describeObject(obj)} (${obj.apiVersion}): ${result}`);
    results.push(retired(obj, result));
  };
  for (const { object, before } of steps) {
    if (dryRun) {
      record(
        object,
        before ? `would be ${before.says}, then deleted` : 'would be deleted',
      );
      continue;
    }
    if (before && !(await client.mergePatch(object, before.patch))) {
      record(object, 'already gone');
      continue;
    }
    await client.delete(object);
    record(object, before ? `${before.says}; deleted` : 'deleted');
  }
  return results;
}

/** The objects a project shares its id with but the golden path did not make. */
export function leftAlone(
  objects: KubeObject[],
  report: (line: string) => void,
): RetiredObject[] {
  return objects.map(obj => {
    const result =
      "left alone: it has the project's backstage.io/kubernetes-id but not the golden path's app.kubernetes.io/managed-by=eks-aiml label";
    report(`${describeObject(obj)} (${obj.apiVersion}): ${result}`);
    return retired(obj, result);
  });
}
