import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { aimlApiRef } from '../../api';
import { QueueResourceTable } from './QueueResourceTable';
import { unitOfResource } from './queueText';

/**
 * Each Kueue cluster's cohort for the portal page: every team's queue and who
 * borrows from whom. Only for those who see every team; nothing for others (the
 * backend refuses them) or without Kueue clusters.
 *
 * @public
 */
export const Cohorts = () => {
  const api = useApi(aimlApiRef);
  const { value } = useAsync(() => api.getCohorts(), [api]);
  if (!value || value.items.length === 0) return null;
  return (
    <InfoCard
      title="Cohorts"
      subheader="Kueue: who borrows from whom (a loan is attributed to the lenders in proportion to the quota each leaves unused)"
    >
      {value.items.map(c => (
        <Box key={c.cluster} mb={2}>
          <Typography variant="subtitle1" component="h3">
            {c.cluster}: cohort {c.name}
          </Typography>
          {c.error && <Typography color="error">{c.error}</Typography>}
          {c.queues.map(q => (
            <QueueResourceTable
              key={q.clusterQueue}
              team={q.team}
              rows={q.resources}
              label={`Queue of ${q.team} on ${c.cluster}`}
            />
          ))}
          <List dense aria-label={`Loans on ${c.cluster}`}>
            {c.loans.length === 0 && (
              <ListItem>
                <ListItemText primary="Nobody borrows now." />
              </ListItem>
            )}
            {c.loans.map(l => (
              <ListItem
                key={`${l.borrower}/${l.lender}/${l.flavor}/${l.resource}`}
              >
                <ListItemText
                  primary={`${l.borrower} borrows ${l.amount} ${unitOfResource(
                    l.resource,
                  )} of ${l.flavor} from ${l.lender}`}
                />
              </ListItem>
            ))}
          </List>
        </Box>
      ))}
    </InfoCard>
  );
};
