import { kubernetesError } from './errors';

const failed = (code: number, status: Record<string, unknown>) => ({
  code,
  body: JSON.stringify({ kind: 'Status', code, ...status }),
});
const doing = { cluster: 'ml-use1', doing: 'applying ResourceQuota team/q' };

describe('kubernetesError', () => {
  it('names the other field manager for a server-side apply conflict', () => {
    const error = kubernetesError(
      failed(409, {
        reason: 'Conflict',
        message:
          'Apply failed with 1 conflict: conflict with "kubectl": .spec.hard',
        details: {
          causes: [{ reason: 'FieldManagerConflict', field: '.spec.hard' }],
        },
      }),
      doing,
    );
    expect(error).toMatchObject({
      name: 'ConflictError',
      message:
        'applying ResourceQuota team/q on cluster "ml-use1" failed: Apply failed with 1 conflict: conflict with "kubectl": .spec.hard. Another field manager owns these fields: change them where they are managed, or remove that manager\'s fields before re-running',
    });
  });

  it('calls any other conflict a concurrent write, safe to re-run', () => {
    const error = kubernetesError(
      failed(409, {
        reason: 'Conflict',
        message:
          'Operation cannot be fulfilled on resourcequotas "q": the object has been modified; please apply your changes to the latest version and try again',
      }),
      doing,
    );
    expect(error.name).toBe('ConflictError');
    expect(error.message).toMatch(
      /the object has been modified.*\. The object changed while it was being applied \(another writer at the same time\); the step is safe to re-run$/,
    );
  });

  it('keeps only the Status message of a throttled or failed request', () => {
    const error = kubernetesError(
      {
        ...failed(429, { reason: 'TooManyRequests', message: 'slow down' }),
        headers: { authorization: 'Bearer secret' },
      },
      doing,
    );
    expect(error).toMatchObject({
      name: 'ServiceUnavailableError',
      message:
        'applying ResourceQuota team/q on cluster "ml-use1" failed (HTTP 429): slow down',
    });
    expect(error.message).not.toContain('secret');
  });
});
