import { mockServices } from '@backstage/backend-test-utils';
import { NoticeSender } from './noticeSender';
import { Notice } from './notices';

const notice: Notice = {
  key: 'grant-ending:g1',
  recipients: ['user:default/maya'],
  payload: { title: 'ends soon' },
};

function setup(sendImpl: () => Promise<void>) {
  const claimed = new Set<string>();
  const log = {
    claim: async (key: string) =>
      claimed.has(key) ? false : !!claimed.add(key),
    release: async (key: string) => {
      claimed.delete(key);
    },
  };
  const send = jest.fn(sendImpl);
  const sender = new NoticeSender({
    log: log as any,
    notifications: { send },
    logger: mockServices.logger.mock(),
    nowMs: () => 0,
  });
  return { sender, send, claimed };
}

describe('NoticeSender', () => {
  it('sends a notice once to its entity recipients, however often asked', async () => {
    const { sender, send } = setup(async () => {});
    expect(await sender.send(notice)).toBe(true);
    expect(await sender.send(notice)).toBe(false);
    expect(send).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenCalledWith({
      recipients: { type: 'entity', entityRef: ['user:default/maya'] },
      payload: notice.payload,
    });
  });

  it('gives the key back when the notifications backend fails, so the next cycle retries', async () => {
    const { sender, claimed } = setup(async () => {
      throw new Error('503');
    });
    await expect(sender.send(notice)).rejects.toThrow('503');
    expect(claimed.size).toBe(0);
  });
});
