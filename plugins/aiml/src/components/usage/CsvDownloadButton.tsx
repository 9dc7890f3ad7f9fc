import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { Button, Typography } from '@material-ui/core';
import GetAppIcon from '@material-ui/icons/GetApp';
import { aimlApiRef, AimlUsagePeriod, AimlUsageTarget } from '../../api';
import { downloadText } from '../../lib/download';
import { explainError } from '../../lib/errors';

function targetName(t: AimlUsageTarget): string {
  switch (t.kind) {
    case 'teams':
      return 'teams';
    case 'team':
      return t.team;
    case 'project':
      return t.name;
    default:
      return t.cluster;
  }
}

/** Downloads the report of the period as CSV (fetched with the user's token). */
export const CsvDownloadButton = (props: {
  target: AimlUsageTarget;
  period: AimlUsagePeriod;
}) => {
  const api = useApi(aimlApiRef);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const download = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const csv = await api.getUsageCsv(props.target, props.period);
      const range =
        props.period.from || props.period.to
          ? `-${props.period.from ?? ''}_${props.period.to ?? ''}`
          : '';
      downloadText(
        `aiml-usage-${targetName(props.target)}${range}.csv`,
        csv,
        'text/csv',
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
        disabled={busy}
      >
        {busy ? 'Preparing CSV…' : 'Download CSV'}
      </Button>
      {error && (
        <Typography variant="caption" color="error" component="span">
          {' '}
          CSV failed: {error}
        </Typography>
      )}
    </span>
  );
};
