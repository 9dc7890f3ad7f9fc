import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
} from '@material-ui/core';
import type { AimlGrant } from '../../api';
import { userName } from './grants';

/** Asks before a grant is revoked, saying whose access ends where. */
export const RevokeDialog = (props: {
  grant: AimlGrant;
  mine: boolean;
  open: boolean;
  onCancel(): void;
  onRevoke(): void;
}) => {
  const { grant, mine, open, onCancel, onRevoke } = props;
  return (
    <Dialog
      open={open}
      onClose={onCancel}
      aria-labelledby={`revoke-${grant.id}-title`}
    >
      <DialogTitle id={`revoke-${grant.id}-title`}>Revoke access?</DialogTitle>
      <DialogContent>
        <DialogContentText>
          {mine ? 'Your' : `${userName(grant.userRef)}'s`} {grant.level} access
          to {grant.namespaces.join(', ')} on {grant.cluster} ends now;
          kubeconfigs issued for it stop working at once.
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button color="secondary" variant="contained" onClick={onRevoke}>
          Revoke
        </Button>
      </DialogActions>
    </Dialog>
  );
};
