import { useState } from 'react';
import { Box, Button, makeStyles, TextField } from '@material-ui/core';
import { ToggleButton, ToggleButtonGroup } from '@material-ui/lab';
import { customRangeProblem, isoDate, PeriodChoice } from '../../lib/period';

const DAY_MS = 86_400_000;

// Material UI's toggle text (action.disabled / action.active) misses 4.5:1 on the
// page background and on a selected button's shade: text colours meet it.
const useToggleStyles = makeStyles(theme => ({
  root: {
    color: theme.palette.text.secondary,
    '&$selected': { color: theme.palette.text.primary },
  },
  selected: {},
}));

/** Chooses the usage period: the last 7, 30 or 90 full days (UTC), or custom dates. */
export const PeriodPicker = (props: {
  value: PeriodChoice;
  onChange(choice: PeriodChoice): void;
}) => {
  const { value, onChange } = props;
  const [custom, setCustom] = useState(value.preset === 'custom');
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const [from, setFrom] = useState(
    value.preset === 'custom' ? value.from : isoDate(today - 30 * DAY_MS),
  );
  const [to, setTo] = useState(
    value.preset === 'custom' ? value.to : isoDate(today - DAY_MS),
  );
  const toggle = useToggleStyles();
  const problem = customRangeProblem(from, to);
  const selected = custom ? 'custom' : String(value.preset);

  return (
    <Box display="flex" flexWrap="wrap" alignItems="center" gridGap={16}>
      <ToggleButtonGroup
        size="small"
        exclusive
        value={selected}
        aria-label="Period"
        onChange={(_e, v: string | null) => {
          if (!v) return;
          if (v === 'custom') {
            setCustom(true);
            return;
          }
          setCustom(false);
          onChange({ preset: Number(v) as 7 | 30 | 90 });
        }}
      >
        <ToggleButton value="7" aria-label="Last 7 days" classes={toggle}>
          7 days
        </ToggleButton>
        <ToggleButton value="30" aria-label="Last 30 days" classes={toggle}>
          30 days
        </ToggleButton>
        <ToggleButton value="90" aria-label="Last 90 days" classes={toggle}>
          90 days
        </ToggleButton>
        <ToggleButton value="custom" aria-label="Custom dates" classes={toggle}>
          Custom
        </ToggleButton>
      </ToggleButtonGroup>
      {custom && (
        <Box
          component="form"
          display="flex"
          alignItems="flex-start"
          gridGap={8}
          aria-label="Custom period"
          onSubmit={(e: React.FormEvent) => {
            e.preventDefault();
            if (!problem) onChange({ preset: 'custom', from, to });
          }}
        >
          <TextField
            id="aiml-period-from"
            type="date"
            label="First day (UTC)"
            size="small"
            value={from}
            onChange={e => setFrom(e.target.value)}
            InputLabelProps={{ shrink: true }}
          />
          <TextField
            id="aiml-period-to"
            type="date"
            label="Last day (UTC)"
            size="small"
            value={to}
            onChange={e => setTo(e.target.value)}
            InputLabelProps={{ shrink: true }}
            error={!!problem}
            helperText={problem ?? ' '}
          />
          <Button type="submit" variant="outlined" disabled={!!problem}>
            Apply
          </Button>
        </Box>
      )}
    </Box>
  );
};
