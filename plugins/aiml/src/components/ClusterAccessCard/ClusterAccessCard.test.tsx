import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { identityApiRef } from '@backstage/core-plugin-api';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { aimlApiRef, AimlApi, AimlGrant } from '../../api';
import {
  accessEntryCluster,
  grant,
  mockAimlApi,
  responseError,
  tokenCluster,
} from '../../__testUtils__/fixtures';
import { expectNoSeriousA11yViolations } from '../../__testUtils__/axe';
import { ClusterAccessCard } from './ClusterAccessCard';
import { EntityAimlClusterAccessCard } from './EntityAimlClusterAccessCard';
import { durationOptions } from './durationOptions';

const maya = {
  userEntityRef: 'user:default/maya',
  ownershipEntityRefs: ['user:default/maya', 'group:default/ml-research'],
};

function render(
  api: AimlApi,
  element: JSX.Element,
  options: {
    authorize?: (
      permission: string,
    ) => AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    identity?: typeof maya;
  } = {},
) {
  const permission = mockApis.permission({
    authorize: options.authorize
      ? req => options.authorize!(req.permission.name)
      : AuthorizeResult.ALLOW,
  });
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [aimlApiRef, api],
        [identityApiRef, mockApis.identity(options.identity ?? maya)],
        [permissionApiRef, permission],
      ]}
    >
      {element}
    </TestApiProvider>,
  );
}

const noBreakGlass = (name: string) =>
  name === 'aiml.access.break-glass'
    ? AuthorizeResult.DENY
    : AuthorizeResult.ALLOW;

async function chooseOption(label: RegExp, option: RegExp) {
  fireEvent.mouseDown(screen.getByRole('button', { name: label }));
  const listbox = await screen.findByRole('listbox');
  await userEvent.click(within(listbox).getByRole('option', { name: option }));
}

describe('ClusterAccessCard', () => {
  it('shows progress while the clusters load', async () => {
    const api = mockAimlApi({
      listClusters: jest.fn(() => new Promise<never>(() => {})),
    });
    await render(api, <ClusterAccessCard team="ml-research" />);
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('shows the backend message when the clusters cannot be loaded', async () => {
    const api = mockAimlApi({
      listClusters: jest
        .fn()
        .mockRejectedValue(
          await responseError(
            503,
            'ServiceUnavailableError',
            'The cluster registry is not ready',
          ),
        ),
    });
    await render(api, <ClusterAccessCard team="ml-research" />);
    expect(
      await screen.findByText(/Could not load the clusters/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/The cluster registry is not ready/).length,
    ).toBeGreaterThan(0);
  });

  it('says how to configure clusters when there are none', async () => {
    const api = mockAimlApi({ listClusters: jest.fn().mockResolvedValue([]) });
    await render(api, <ClusterAccessCard team="ml-research" />);
    expect(
      await screen.findByText('No clusters configured'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/aiml\.clusters in app-config\.yaml/),
    ).toBeVisible();
  });

  it('requests edit access and lists the new grant', async () => {
    const created = grant();
    const api = mockAimlApi({
      listClusters: jest
        .fn()
        .mockResolvedValue([tokenCluster, accessEntryCluster]),
      listGrants: jest
        .fn()
        .mockResolvedValueOnce([])
        .mockResolvedValue([created]),
      requestGrant: jest.fn().mockResolvedValue(created),
    });
    await render(api, <ClusterAccessCard team="ml-research" />, {
      authorize: noBreakGlass,
    });
    await screen.findByRole('form', {
      name: 'Request access for team ml-research',
    });
    expect(screen.queryByText(/Break-glass/)).not.toBeInTheDocument();

    await userEvent.click(screen.getByLabelText('Edit'));
    await chooseOption(/Duration/, /^2 h$/);
    await userEvent.type(
      screen.getByLabelText(/Reason/),
      'debug a failing job',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Request access' }),
    );

    await waitFor(() =>
      expect(api.requestGrant).toHaveBeenCalledWith({
        cluster: 'ml-sandbox-use1',
        team: 'ml-research',
        level: 'edit',
        ttl: 'PT2H',
        reason: 'debug a failing job',
      }),
    );
    expect(await screen.findByText('Access granted')).toBeInTheDocument();
    const table = await screen.findByRole('table', { name: 'Active grants' });
    expect(within(table).getByText('You')).toBeInTheDocument();
    expect(within(table).getByRole('timer')).toHaveTextContent(
      /^1h 5\dm \d\ds$/,
    );
    expect(api.listGrants).toHaveBeenCalledTimes(2);
  });

  it('lists a new grant even when the first load of the list ends after it', async () => {
    const created = grant();
    let finishFirstLoad: (grants: AimlGrant[]) => void = () => {};
    const api = mockAimlApi({
      listClusters: jest.fn().mockResolvedValue([tokenCluster]),
      listGrants: jest
        .fn()
        .mockReturnValueOnce(
          new Promise<AimlGrant[]>(r => {
            finishFirstLoad = r;
          }),
        )
        .mockResolvedValue([created]),
      requestGrant: jest.fn().mockResolvedValue(created),
    });
    await render(api, <ClusterAccessCard team="ml-research" />, {
      authorize: noBreakGlass,
    });
    await screen.findByRole('form', {
      name: 'Request access for team ml-research',
    });
    await userEvent.click(screen.getByLabelText('Edit'));
    await userEvent.type(screen.getByLabelText(/Reason/), 'debug');
    await userEvent.click(
      screen.getByRole('button', { name: 'Request access' }),
    );
    expect(await screen.findByText('Access granted')).toBeInTheDocument();
    // The list loaded before the grant answers last, without it.
    finishFirstLoad([]);
    const table = await screen.findByRole('table', { name: 'Active grants' });
    expect(within(table).getByText('You')).toBeInTheDocument();
  });

  it('does not submit without a reason', async () => {
    const api = mockAimlApi({
      listClusters: jest.fn().mockResolvedValue([tokenCluster]),
    });
    await render(api, <ClusterAccessCard team="ml-research" />);
    const button = await screen.findByRole('button', {
      name: 'Request access',
    });
    expect(button).toBeDisabled();
    await userEvent.type(screen.getByLabelText(/Reason/), 'ok');
    expect(button).toBeDisabled();
    await userEvent.type(screen.getByLabelText(/Reason/), '!');
    expect(button).toBeEnabled();
  });

  it('explains a denial with the backend message', async () => {
    const api = mockAimlApi({
      listClusters: jest.fn().mockResolvedValue([tokenCluster]),
      requestGrant: jest
        .fn()
        .mockRejectedValue(
          await responseError(
            403,
            'NotAllowedError',
            'user:default/maya may not request access for team "recsys" (only its members may): permission aiml.access.request is not granted for team "recsys"',
          ),
        ),
    });
    await render(api, <ClusterAccessCard team="recsys" />);
    await userEvent.type(
      await screen.findByLabelText(/Reason/),
      'look at the ranker',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Request access' }),
    );
    expect(await screen.findByText('Not allowed')).toBeInTheDocument();
    expect(
      screen.getByText(/permission aiml\.access\.request is not granted/),
    ).toBeInTheDocument();
  });

  it("lets non-members ask the team's leads, and says the request waits for them", async () => {
    const requested = grant({
      team: 'recsys',
      level: 'view',
      state: 'requested',
      approval: {
        kind: 'cross-team',
        approvers: 'group:default/recsys',
        ttlSeconds: 3600,
      },
    });
    const api = mockAimlApi({
      listClusters: jest.fn().mockResolvedValue([tokenCluster]),
      listGrants: jest
        .fn()
        .mockResolvedValueOnce([])
        .mockResolvedValue([requested]),
      requestGrant: jest.fn().mockResolvedValue(requested),
    });
    await render(api, <ClusterAccessCard team="recsys" />, {
      authorize: () => AuthorizeResult.DENY,
    });
    expect(
      await screen.findByText('You are not a member of team recsys'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Needs approval by recsys’s leads'),
    ).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/Reason/), 'compare rankers');
    await userEvent.click(
      screen.getByRole('button', { name: 'Ask recsys’s leads' }),
    );
    await waitFor(() =>
      expect(api.requestGrant).toHaveBeenCalledWith({
        cluster: 'ml-sandbox-use1',
        team: 'recsys',
        level: 'view',
        ttl: 'PT1H',
        reason: 'compare rankers',
        requestApproval: true,
      }),
    );
    expect(
      await screen.findByText(/waits for approval by recsys’s leads/),
    ).toBeInTheDocument();
    const waiting = await screen.findByRole('table', {
      name: 'Requests waiting for approval',
    });
    expect(
      within(waiting).getByText('Waiting for approval by recsys’s leads'),
    ).toBeInTheDocument();
    expect(within(waiting).queryByRole('button')).not.toBeInTheDocument();
    expect(screen.queryByText('Recently ended')).not.toBeInTheDocument();
  });

  it("asks a member's team leads only beyond the cluster's self-service duration", async () => {
    const api = mockAimlApi({
      listClusters: jest.fn().mockResolvedValue([
        {
          ...tokenCluster,
          access: {
            ...tokenCluster.access,
            selfServiceMaxTtlSeconds: 2 * 3600,
          },
        },
      ]),
      requestGrant: jest.fn(() => new Promise(() => {})),
    });
    await render(api, <ClusterAccessCard team="ml-research" />, {
      authorize: noBreakGlass,
    });
    await chooseOption(/Duration/, /^2 h$/);
    expect(
      screen.getByRole('button', { name: 'Request access' }),
    ).toBeInTheDocument();
    await chooseOption(/Duration/, /^4 h$/);
    expect(
      screen.getByText('Needs approval by ml-research’s leads'),
    ).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/Reason/), 'long training run');
    await userEvent.click(
      screen.getByRole('button', { name: 'Ask ml-research’s leads' }),
    );
    await waitFor(() =>
      expect(api.requestGrant).toHaveBeenCalledWith(
        expect.objectContaining({ ttl: 'PT4H', requestApproval: true }),
      ),
    );
  });

  it("lets a lead approve another person's request with a reason, and nobody answer their own", async () => {
    const omars = grant({
      id: 'omarrequest1',
      userRef: 'user:default/omar',
      level: 'view',
      state: 'requested',
      reason: 'compare rankers',
      approval: {
        kind: 'cross-team',
        approvers: 'group:default/ml-research',
        ttlSeconds: 3 * 3600,
      },
    });
    const mayas = grant({
      id: 'mayarequest1',
      state: 'requested',
      approval: {
        kind: 'long-ttl',
        approvers: 'group:default/ml-research',
        ttlSeconds: 12 * 3600,
      },
    });
    const api = mockAimlApi({
      listClusters: jest.fn().mockResolvedValue([tokenCluster]),
      listGrants: jest
        .fn()
        .mockResolvedValueOnce([omars, mayas])
        .mockResolvedValue([{ ...omars, state: 'active' }, mayas]),
      answerGrant: jest.fn().mockResolvedValue({ ...omars, state: 'active' }),
    });
    await render(api, <ClusterAccessCard team="ml-research" />);
    const waiting = await screen.findByRole('table', {
      name: 'Requests waiting for approval',
    });
    expect(within(waiting).getByText(/3 h from approval/)).toBeInTheDocument();
    expect(
      within(waiting).getByText('Waiting for approval by ml-research’s leads'),
    ).toBeInTheDocument();
    expect(
      within(waiting).queryByRole('button', { name: /request of You/ }),
    ).not.toBeInTheDocument();
    await userEvent.click(
      within(waiting).getByRole('button', {
        name: 'Approve the request of omar for ml-sandbox-use1',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    const approve = within(dialog).getByRole('button', { name: 'Approve' });
    expect(approve).toBeDisabled();
    await userEvent.type(
      within(dialog).getByLabelText(/Reason/),
      'ranking review',
    );
    await userEvent.click(approve);
    await waitFor(() =>
      expect(api.answerGrant).toHaveBeenCalledWith(
        'omarrequest1',
        'approve',
        'ranking review',
      ),
    );
    const active = await screen.findByRole('table', { name: 'Active grants' });
    expect(within(active).getByText('omar')).toBeInTheDocument();
  });

  it('shows requests without answer buttons to those who may not approve', async () => {
    const api = mockAimlApi({
      listClusters: jest.fn().mockResolvedValue([tokenCluster]),
      listGrants: jest.fn().mockResolvedValue([
        grant({
          userRef: 'user:default/omar',
          state: 'requested',
          approval: {
            kind: 'cross-team',
            approvers: 'group:default/ml-research',
            ttlSeconds: 3600,
          },
        }),
      ]),
    });
    await render(api, <ClusterAccessCard team="ml-research" />, {
      authorize: name =>
        name === 'aiml.access.approve'
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    });
    const waiting = await screen.findByRole('table', {
      name: 'Requests waiting for approval',
    });
    expect(
      within(waiting).getByText('Waiting for ml-research’s leads'),
    ).toBeInTheDocument();
    expect(within(waiting).queryByRole('button')).not.toBeInTheDocument();
  });

  it('offers break-glass to platform admins, at most one hour', async () => {
    const created = grant({ level: 'admin', breakGlass: true });
    const api = mockAimlApi({
      listClusters: jest.fn().mockResolvedValue([tokenCluster]),
      requestGrant: jest.fn().mockResolvedValue(created),
    });
    await render(api, <ClusterAccessCard team="recsys" />, {
      authorize: name =>
        name === 'aiml.access.request'
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      identity: {
        userEntityRef: 'user:default/alex',
        ownershipEntityRefs: ['group:default/platform-admins'],
      },
    });
    await userEvent.click(await screen.findByLabelText(/Break-glass/));
    fireEvent.mouseDown(screen.getByRole('button', { name: /Duration/ }));
    const options = within(await screen.findByRole('listbox'))
      .getAllByRole('option')
      .map(o => o.textContent);
    expect(options).toEqual(['15 min', '30 min', '1 h']);
    await userEvent.click(screen.getByRole('option', { name: '1 h' }));
    await userEvent.type(screen.getByLabelText(/Reason/), 'incident 42');
    await userEvent.click(screen.getByRole('button', { name: 'Break glass' }));
    await waitFor(() =>
      expect(api.requestGrant).toHaveBeenCalledWith({
        cluster: 'ml-sandbox-use1',
        team: 'recsys',
        breakGlass: true,
        ttl: 'PT1H',
        reason: 'incident 42',
      }),
    );
  });

  it('downloads the kubeconfig of an own token grant', async () => {
    const createObjectURL = jest.fn(() => 'blob:kubeconfig');
    const revokeObjectURL = jest.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    const api = mockAimlApi({
      listClusters: jest.fn().mockResolvedValue([tokenCluster]),
      listGrants: jest.fn().mockResolvedValue([grant()]),
      getKubeconfig: jest.fn().mockResolvedValue('apiVersion: v1\n'),
    });
    await render(api, <ClusterAccessCard team="ml-research" />);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Download kubeconfig for ml-sandbox-use1',
      }),
    );
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(api.getKubeconfig).toHaveBeenCalledWith('a1b2c3d4e5f6');
    expect(createObjectURL).toHaveBeenCalled();
    click.mockRestore();
  });

  it('shows why a kubeconfig cannot be downloaded', async () => {
    const api = mockAimlApi({
      listClusters: jest.fn().mockResolvedValue([tokenCluster]),
      listGrants: jest.fn().mockResolvedValue([grant()]),
      getKubeconfig: jest
        .fn()
        .mockRejectedValue(
          await responseError(
            409,
            'ConflictError',
            'Grant a1b2c3d4e5f6 is revoked: request access again',
          ),
        ),
    });
    await render(api, <ClusterAccessCard team="ml-research" />);
    await userEvent.click(
      await screen.findByRole('button', { name: /Download kubeconfig/ }),
    );
    expect(
      await screen.findByText(/is revoked: request access again/),
    ).toBeInTheDocument();
  });

  it('gives the AWS CLI command for access-entry clusters', async () => {
    const api = mockAimlApi({
      listClusters: jest.fn().mockResolvedValue([accessEntryCluster]),
      listGrants: jest.fn().mockResolvedValue([
        grant({
          cluster: 'ml-sandbox-usw2',
          strategy: 'access-entry',
        }),
      ]),
    });
    await render(api, <ClusterAccessCard team="ml-research" />);
    const table = await screen.findByRole('table', { name: 'Active grants' });
    // The card asks the backend for its team's grants only.
    expect(api.listGrants).toHaveBeenCalledWith({ team: 'ml-research' });
    expect(
      within(table).queryByRole('button', { name: /kubeconfig/ }),
    ).not.toBeInTheDocument();
    expect(
      within(table).getByText(
        'aws eks update-kubeconfig --name ml-sandbox-usw2 --region us-west-2',
      ),
    ).toBeInTheDocument();
  });

  it('revokes a grant after confirmation', async () => {
    const active = grant();
    const api = mockAimlApi({
      listClusters: jest.fn().mockResolvedValue([tokenCluster]),
      listGrants: jest
        .fn()
        .mockResolvedValueOnce([active])
        .mockResolvedValue([
          {
            ...active,
            state: 'revoked',
            endReason: 'revoked',
            revokedBy: 'user:default/maya',
          },
        ]),
      revokeGrant: jest.fn().mockResolvedValue({ ...active, state: 'revoked' }),
    });
    await render(api, <ClusterAccessCard team="ml-research" />);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Revoke access of you to ml-sandbox-use1',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent(/stop working at once/);
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Revoke' }),
    );
    await waitFor(() =>
      expect(api.revokeGrant).toHaveBeenCalledWith('a1b2c3d4e5f6'),
    );
    expect(await screen.findByText('No active grants.')).toBeInTheDocument();
    expect(screen.getByText(/revoked by maya/)).toBeInTheDocument();
  });

  it("keeps the team's trail: who, why, break-glass, and how each grant ended", async () => {
    const api = mockAimlApi({
      listClusters: jest.fn().mockResolvedValue([tokenCluster]),
      listGrants: jest.fn().mockResolvedValue([
        grant({ reason: 'debug a failing job' }),
        grant({
          id: '0000000000bb',
          userRef: 'user:default/alex',
          level: 'admin',
          breakGlass: true,
          reason: 'incident 4711',
          state: 'revoked',
          endReason: 'revoked',
          revokedBy: 'user:default/alex',
        }),
      ]),
    });
    await render(api, <ClusterAccessCard team="ml-research" />);
    expect(await screen.findByText('“debug a failing job”')).toBeVisible();
    const ended = screen.getByRole('list', { name: 'Recently ended grants' });
    expect(ended).toHaveTextContent(
      "alex's break-glass admin access to ml-sandbox-use1 (“incident 4711”): revoked by alex",
    );
  });

  it("hides revoke on others' grants without the revoke permission", async () => {
    const api = mockAimlApi({
      listClusters: jest.fn().mockResolvedValue([tokenCluster]),
      listGrants: jest
        .fn()
        .mockResolvedValue([
          grant({ id: '0000000000aa', userRef: 'user:default/omar' }),
        ]),
    });
    await render(api, <ClusterAccessCard team="ml-research" />, {
      authorize: name =>
        name === 'aiml.access.revoke'
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    });
    const table = await screen.findByRole('table', { name: 'Active grants' });
    expect(within(table).getByText('omar')).toBeInTheDocument();
    expect(
      within(table).queryByRole('button', { name: /Revoke/ }),
    ).not.toBeInTheDocument();
    expect(
      within(table).queryByRole('button', { name: /kubeconfig/ }),
    ).not.toBeInTheDocument();
  });

  it('counts down and asks again once a grant has expired', async () => {
    jest.useFakeTimers({ advanceTimers: true });
    try {
      const api = mockAimlApi({
        listClusters: jest.fn().mockResolvedValue([tokenCluster]),
        listGrants: jest
          .fn()
          .mockResolvedValueOnce([
            grant({ expiresAt: new Date(Date.now() + 5_000).toISOString() }),
          ])
          .mockResolvedValue([
            grant({ state: 'revoked', endReason: 'expired' }),
          ]),
      });
      await render(api, <ClusterAccessCard team="ml-research" />);
      const timer = await screen.findByRole('timer');
      expect(timer).toHaveTextContent(/^0m 0[45]s$/);
      await act(async () => {
        jest.advanceTimersByTime(6_000);
      });
      expect(screen.getByRole('timer')).toHaveTextContent('expired');
      expect(
        screen.queryByRole('button', { name: /Download kubeconfig/ }),
      ).not.toBeInTheDocument();
      await act(async () => {
        jest.advanceTimersByTime(31_000);
      });
      expect(await screen.findByText('No active grants.')).toBeInTheDocument();
      expect(api.listGrants).toHaveBeenCalledTimes(2);
    } finally {
      jest.useRealTimers();
    }
  });

  it('explains failed grants', async () => {
    const api = mockAimlApi({
      listClusters: jest.fn().mockResolvedValue([tokenCluster]),
      listGrants: jest.fn().mockResolvedValue([
        grant({
          state: 'failed',
          endReason: 'failed',
          failure: 'Error: the cluster did not answer',
        }),
      ]),
    });
    await render(api, <ClusterAccessCard team="ml-research" />);
    expect(
      await screen.findByText(/failed — Error: the cluster did not answer/),
    ).toBeInTheDocument();
  });

  it('offers the teams of the signed-in user on the portal page', async () => {
    const api = mockAimlApi({
      listClusters: jest.fn().mockResolvedValue([tokenCluster]),
    });
    await render(api, <ClusterAccessCard />, {
      identity: {
        userEntityRef: 'user:default/lee',
        ownershipEntityRefs: [
          'user:default/lee',
          'group:default/recsys',
          'group:default/ml-research',
        ],
      },
    });
    expect(
      await screen.findByRole('form', {
        name: 'Request access for team ml-research',
      }),
    ).toBeInTheDocument();
    await chooseOption(/Team/, /recsys/);
    expect(
      await screen.findByRole('form', {
        name: 'Request access for team recsys',
      }),
    ).toBeInTheDocument();
  });

  it('has no serious accessibility violations', async () => {
    const api = mockAimlApi({
      listClusters: jest
        .fn()
        .mockResolvedValue([tokenCluster, accessEntryCluster]),
      listGrants: jest
        .fn()
        .mockResolvedValue([
          grant(),
          grant({ id: '0000000000bb', userRef: 'user:default/omar' }),
          grant({ id: '0000000000cc', state: 'revoked', endReason: 'expired' }),
        ]),
    });
    const { container } = await render(
      api,
      <ClusterAccessCard team="ml-research" />,
    );
    await screen.findByRole('table', { name: 'Active grants' });
    await expectNoSeriousA11yViolations(container);
  });
});

describe('EntityAimlClusterAccessCard', () => {
  it('uses the owning team of a Component', async () => {
    const api = mockAimlApi({
      listClusters: jest.fn().mockResolvedValue([tokenCluster]),
    });
    await render(
      api,
      <EntityProvider
        entity={{
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'llama-finetune' },
          spec: { owner: 'ml-research', type: 'ml-training' },
        }}
      >
        <EntityAimlClusterAccessCard />
      </EntityProvider>,
    );
    expect(
      await screen.findByRole('form', {
        name: 'Request access for team ml-research',
      }),
    ).toBeInTheDocument();
  });

  it('explains that a user-owned Component has no team', async () => {
    const api = mockAimlApi();
    await render(
      api,
      <EntityProvider
        entity={{
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'scratch' },
          spec: { owner: 'user:maya' },
        }}
      >
        <EntityAimlClusterAccessCard />
      </EntityProvider>,
    );
    expect(screen.getByText('No owning team')).toBeInTheDocument();
  });
});

describe('durationOptions', () => {
  it('cuts the list at the cluster maximum and an hour for break-glass', () => {
    expect(durationOptions(tokenCluster, false)).toEqual([
      15, 30, 60, 120, 240, 480,
    ]);
    expect(durationOptions(accessEntryCluster, true)).toEqual([15, 30, 60]);
    expect(
      durationOptions(
        { ...tokenCluster, access: { strategy: 'token', maxTtlSeconds: 5400 } },
        false,
      ),
    ).toEqual([15, 30, 60, 90]);
    expect(
      durationOptions(
        { ...tokenCluster, access: { strategy: 'token', maxTtlSeconds: 300 } },
        false,
      ),
    ).toEqual([]);
  });
});
