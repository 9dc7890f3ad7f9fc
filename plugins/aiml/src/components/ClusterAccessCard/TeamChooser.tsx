import { Box, MenuItem, TextField } from '@material-ui/core';

/** The team the card is for, among the signed-in user's teams. */
export const TeamChooser = (props: {
  teams: string[];
  value: string;
  onChange(team: string): void;
}) => (
  <Box mb={2} maxWidth={320}>
    <TextField
      select
      fullWidth
      id="aiml-access-team"
      label="Team"
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
    >
      {props.teams.map(t => (
        <MenuItem key={t} value={t}>
          {t}
        </MenuItem>
      ))}
    </TextField>
  </Box>
);
