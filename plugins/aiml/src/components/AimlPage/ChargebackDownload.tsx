import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { Box, Paper, TextField, Typography } from '@material-ui/core';
import { aimlApiRef } from '../../api';
import { DownloadButton } from '../usage/DownloadButton';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The month before the one of `nowMs`, `YYYY-MM` (UTC): the last month that is over. */
export function previousMonth(nowMs: number): string {
  const now = new Date(nowMs);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1))
    .toISOString()
    .slice(0, 7);
}

/**
 * A month and the download of its chargeback CSV: spend per cost center, cluster and
 * accelerator type with each line's price source. For those who see every team. On a
 * paper surface, as the usage toolbar: secondary text on the page background misses the
 * WCAG contrast ratio.
 */
export const ChargebackDownload = (props: { nowMs?: number }) => {
  const api = useApi(aimlApiRef);
  const [month, setMonth] = useState(() =>
    previousMonth(props.nowMs ?? Date.now()),
  );
  const valid = MONTH.test(month);
  return (
    <Paper variant="outlined" role="region" aria-label="Chargeback">
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        gridGap={16}
        p={1.5}
      >
        <TextField
          id="aiml-chargeback-month"
          label="Chargeback month (UTC)"
          type="month"
          size="small"
          variant="outlined"
          value={month}
          onChange={e => setMonth(e.target.value)}
          InputLabelProps={{ shrink: true }}
          error={!valid}
          helperText={valid ? undefined : 'Choose a month, YYYY-MM'}
        />
        <DownloadButton
          label="Download chargeback"
          filename={`aiml-chargeback-${month}.csv`}
          fetchText={() => api.getChargebackCsv(month)}
          disabled={!valid}
        />
        <Typography variant="body2" color="textSecondary">
          A line per cost center, cluster and accelerator type, with the prices
          each used
        </Typography>
      </Box>
    </Paper>
  );
};
