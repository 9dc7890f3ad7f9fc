import { Box, TextField } from '@material-ui/core';
import type { AimlModelSelection } from './schema';

/** The Secret holding a Hugging Face token: its name and key, never the token. */
export const TokenSecretFields = (props: {
  value: AimlModelSelection;
  gated: boolean;
  locked?: boolean;
  /** The field's id, the prefix of the controls' ids. */
  id: string;
  onChange(value: AimlModelSelection): void;
}) => {
  const { value, gated, locked, id, onChange } = props;
  const secret = value.tokenSecret ?? { name: '', key: 'token' };
  const set = (change: Partial<typeof secret>) => {
    const next = { ...secret, ...change };
    onChange({ ...value, tokenSecret: next.name ? next : undefined });
  };
  return (
    <Box display="flex" flexWrap="wrap" mt={2} gridGap={24}>
      <TextField
        id={`${id}-token-secret`}
        label="Hugging Face token Secret"
        value={secret.name}
        required={gated}
        disabled={locked}
        onChange={e => set({ name: e.target.value.trim() })}
        helperText={
          gated
            ? "Required: this model is gated. A Secret in the team's namespace; the token never passes through the portal."
            : 'Optional for this model.'
        }
      />
      <TextField
        id={`${id}-token-key`}
        label="Key of the token"
        value={secret.key}
        disabled={locked || !secret.name}
        onChange={e => set({ key: e.target.value.trim() })}
        helperText="The Secret's data key read as HF_TOKEN"
      />
    </Box>
  );
};
