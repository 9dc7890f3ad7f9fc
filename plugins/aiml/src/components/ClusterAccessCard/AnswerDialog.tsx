import { useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  TextField,
} from '@material-ui/core';
import type { AimlGrant } from '../../api';
import { userName } from './grants';

/** Asks an approver for the reason of their answer, which goes to the audit log. */
export const AnswerDialog = (props: {
  grant: AimlGrant;
  answer?: 'approve' | 'deny';
  onCancel(): void;
  onAnswer(reason: string): void;
}) => {
  const { grant, answer, onCancel, onAnswer } = props;
  const [reason, setReason] = useState('');
  const text = reason.trim();
  const valid = text.length >= 3 && text.length <= 500;
  const verb = answer === 'deny' ? 'Deny' : 'Approve';
  return (
    <Dialog
      open={!!answer}
      onClose={onCancel}
      aria-labelledby={`answer-${grant.id}-title`}
    >
      <DialogTitle id={`answer-${grant.id}-title`}>
        {verb} the request of {userName(grant.userRef)}?
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          {grant.level} on {grant.namespaces.join(', ')} ({grant.cluster}), “
          {grant.reason}”.
          {answer === 'approve' &&
            ' Access starts now, for the duration asked for.'}
        </DialogContentText>
        <TextField
          fullWidth
          required
          id={`answer-${grant.id}-reason`}
          label="Reason"
          value={reason}
          onChange={e => setReason(e.target.value)}
          helperText="3 to 500 characters; it goes to the audit log and to the requester."
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button
          color={answer === 'deny' ? 'secondary' : 'primary'}
          variant="contained"
          disabled={!valid}
          onClick={() => onAnswer(text)}
        >
          {verb}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
