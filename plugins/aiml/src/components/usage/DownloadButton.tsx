import { useState } from 'react';
import { Button, Typography } from '@material-ui/core';
import GetAppIcon from '@material-ui/icons/GetApp';
import { downloadText } from '../../lib/download';
import { explainError } from '../../lib/errors';

/**
 * Fetches a text file (with the user's token, through the API client) and saves it;
 * says why when the backend refuses.
 */
export const DownloadButton = (props: {
  label: string;
  fetchText: () => Promise<string>;
  filename: string;
  type?: string;
  disabled?: boolean;
}) => {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const download = async () => {
    setBusy(true);
    setError(undefined);
    try {
      downloadText(
        props.filename,
        await props.fetchText(),
        props.type ?? 'text/csv',
      );
    } catch (e) {
      setError(explainError(e).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span aria-live="polite">
      <Button
        size="small"
        variant="outlined"
        startIcon={<GetAppIcon />}
        onClick={download}
        disabled={busy || props.disabled}
      >
        {busy ? 'Preparing…' : props.label}
      </Button>
      {error && (
        <Typography variant="caption" color="error" component="span">
          {' '}
          {props.label} failed: {error}
        </Typography>
      )}
    </span>
  );
};
