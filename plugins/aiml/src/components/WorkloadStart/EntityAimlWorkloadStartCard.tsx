import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import type { AimlProjectWorkload } from '@eks-aiml/plugin-aiml-common';
import { queueStateText } from '../Queues';
import { useWorkloadStart } from './useWorkloadStart';

const WAITS: Record<string, string> = {
  image: 'its image in ECR',
  'pod-identity': 'its Pod Identity association',
};

function WorkloadList(props: { workloads: AimlProjectWorkload[] }) {
  return (
    <List dense aria-label="Workloads">
      {props.workloads.map(w => (
        <ListItem key={`${w.kind}/${w.namespace}/${w.name}`}>
          <ListItemText
            primary={`${w.kind} ${w.namespace}/${w.name}`}
            secondary={[
              w.suspended
                ? `Held, waiting for ${w.waitingFor
                    .map(p => WAITS[p] ?? p)
                    .join(' and ')}`
                : 'Started',
              ...(w.queue && w.queue.state !== 'held'
                ? [queueStateText(w.queue)]
                : []),
            ].join('. ')}
          />
        </ListItem>
      ))}
    </List>
  );
}

/**
 * Starting a project's workloads, for the Component overview: the golden paths
 * apply them held until their image is in ECR and their Pod Identity association
 * is active. Shows what is still missing, and a start button once nothing is; on a
 * Kueue cluster, where each started job is in its queue and why.
 *
 * @public
 */
export const EntityAimlWorkloadStartCard = (props: { title?: string }) => {
  const { name, workloads, start, starting, started, startError } =
    useWorkloadStart();
  const title = props.title ?? 'Workload start';
  if (workloads.loading && !workloads.value) {
    return (
      <InfoCard title={title}>
        <Progress />
      </InfoCard>
    );
  }
  if (workloads.error) {
    return (
      <InfoCard title={title}>
        <ResponseErrorPanel error={workloads.error} />
      </InfoCard>
    );
  }
  const answer = workloads.value!;
  const held = answer.workloads.filter(w => w.suspended);
  // Kueue decides when a submitted job runs: let people look again without a reload.
  const queued = answer.workloads.filter(
    w => w.queue?.state === 'pending' || w.queue?.state === 'preempted',
  );
  return (
    <InfoCard title={title}>
      {answer.workloads.length === 0 && (
        <Typography>
          No workload of {name} was applied held by a golden path on{' '}
          {answer.cluster}.
        </Typography>
      )}
      {answer.workloads.length > 0 && (
        <WorkloadList workloads={answer.workloads} />
      )}
      {held.length > 0 && answer.missing.length > 0 && (
        <WarningPanel
          severity="info"
          title={`${name} cannot start yet: still missing`}
          defaultExpanded
        >
          <List dense aria-label="Missing">
            {answer.missing.map(m => (
              <ListItem key={m.message}>
                <ListItemText primary={m.message} />
              </ListItem>
            ))}
          </List>
        </WarningPanel>
      )}
      {startError && (
        <Box mt={1}>
          <ResponseErrorPanel error={startError} />
        </Box>
      )}
      {started && started.started.length > 0 && (
        <Typography role="status">
          Started {started.started.map(w => `${w.kind} ${w.name}`).join(', ')}.
        </Typography>
      )}
      {held.length === 0 && queued.length > 0 && (
        <Box mt={1}>
          <Button
            variant="outlined"
            disabled={workloads.loading}
            onClick={workloads.retry}
          >
            Check the queue again
          </Button>
        </Box>
      )}
      {held.length > 0 && (
        <Box mt={1} display="flex" style={{ gap: 8 }}>
          <Button
            variant="contained"
            color="primary"
            disabled={starting || answer.missing.length > 0}
            onClick={start}
          >
            {starting ? 'Starting…' : `Start ${held.length} held workload(s)`}
          </Button>
          <Button
            variant="outlined"
            disabled={workloads.loading}
            onClick={workloads.retry}
          >
            Check again
          </Button>
        </Box>
      )}
    </InfoCard>
  );
};
