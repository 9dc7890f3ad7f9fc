/**
 * The self reviews (`kubectl auth whoami`, `kubectl auth can-i`): answered from
 * the caller's identity and the authorizer, never stored.
 */
import { KubeObject } from '../types';
import { isPlainObject, kubeTime } from './json';
import { RequestAttributes, UserInfo } from './rbac';
import { statusErrors } from './status';

/** `SelfSubjectReview`: who the caller is. */
export function selfSubjectReview(user: UserInfo, nowMs: number): KubeObject {
  return {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'SelfSubjectReview',
    metadata: { name: '', creationTimestamp: kubeTime(nowMs) },
    status: {
      userInfo: {
        username: user.username,
        ...(user.uid ? { uid: user.uid } : {}),
        groups: user.groups,
        ...(user.extra ? { extra: user.extra } : {}),
      },
    },
  };
}

/** `SelfSubjectAccessReview`: whether the caller may do what the spec describes. */
export function selfSubjectAccessReview(
  body: unknown,
  allowed: (attrs: RequestAttributes) => boolean,
  nowMs: number,
): KubeObject {
  const spec =
    isPlainObject(body) && isPlainObject(body.spec) ? body.spec : undefined;
  const ra =
    spec && isPlainObject(spec.resourceAttributes)
      ? spec.resourceAttributes
      : undefined;
  const nra =
    spec && isPlainObject(spec.nonResourceAttributes)
      ? spec.nonResourceAttributes
      : undefined;
  if (!ra && !nra) {
    throw statusErrors.invalid(
      { group: 'authorization.k8s.io', kind: 'SelfSubjectAccessReview' },
      '',
      [
        {
          type: 'Invalid',
          field: 'spec',
          value: '',
          detail:
            'exactly one of nonResourceAttributes or resourceAttributes must be specified',
        },
      ],
    );
  }
  const str = (v: unknown) =>
    typeof v === 'string' && v !== '' ? v : undefined;
  const attrs: RequestAttributes = ra
    ? {
        verb: str(ra.verb) ?? '',
        group: str(ra.group) ?? '',
        resource: str(ra.resource) ?? '',
        subresource: str(ra.subresource),
        name: str(ra.name),
        namespace: str(ra.namespace),
      }
    : { verb: str(nra!.verb) ?? '', path: str(nra!.path) ?? '' };
  return {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    metadata: { name: '', creationTimestamp: kubeTime(nowMs) },
    spec: spec ?? {},
    status: { allowed: allowed(attrs) },
  };
}
