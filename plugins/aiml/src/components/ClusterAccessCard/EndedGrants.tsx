import { Typography } from '@material-ui/core';
import type { AimlGrant } from '../../api';
import { endedText, userName } from './grants';

/** The grants that ended lately, and why each ended. */
export const EndedGrants = (props: { grants: AimlGrant[]; me?: string }) => {
  const { grants, me } = props;
  return (
    <>
      <Typography variant="subtitle2" component="h3" style={{ marginTop: 16 }}>
        Recently ended
      </Typography>
      <ul aria-label="Recently ended grants">
        {grants.map(g => (
          <li key={g.id}>
            <Typography variant="body2">
              {g.userRef === me ? 'Your' : `${userName(g.userRef)}'s`}{' '}
              {g.breakGlass && 'break-glass '}
              {g.level} access to {g.cluster} (“{g.reason}”): {endedText(g)}
            </Typography>
          </li>
        ))}
      </ul>
    </>
  );
};
