import { useMemo } from 'react';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { defaultContextLength, findModel } from '@eks-aiml/plugin-aiml-common';
import {
  Box,
  FormControl,
  FormHelperText,
  FormLabel,
  TextField,
  Typography,
} from '@material-ui/core';
import { useErrorTextStyles } from '../../../hooks/useErrorTextStyles';
import type { AimlModelPickerOptions, AimlModelSelection } from './schema';
import { TokenSecretFields } from './TokenSecretFields';
import { acceleratorsOf, offeredModels } from './utils';
import { kvCacheText, modelChoiceProblems } from './validation';

/**
 * The `AimlModelPicker` field: a model of the portal's catalog, the context
 * length the server starts with (the model's default, within its limit), and
 * the Secret of a Hugging Face token for gated models. Against the accelerators
 * the form holds, it shows the KV-cache estimate, or why the choice would not
 * serve (memory, or a GPU count vLLM cannot split the attention heads over).
 *
 * @public
 */
export const AimlModelPicker = (
  props: FieldExtensionComponentProps<
    AimlModelSelection,
    AimlModelPickerOptions
  >,
) => {
  const { onChange, formData, formContext, schema, uiSchema, rawErrors } =
    props;
  const options: AimlModelPickerOptions = useMemo(
    () => uiSchema?.['ui:options'] ?? {},
    [uiSchema],
  );
  const classes = useErrorTextStyles();
  const id = props.idSchema?.$id ?? 'aiml-model-picker';
  const locked = props.disabled || props.readonly;
  const models = offeredModels(options);
  const model = formData?.id ? findModel(formData.id) : undefined;
  const accelerators = acceleratorsOf(formContext?.formData, options);
  const problems = formData?.id
    ? modelChoiceProblems(formData, accelerators, options)
    : [];
  const kvCache = problems.length
    ? undefined
    : kvCacheText(formData, accelerators);

  const choose = (modelId: string) => {
    const chosen = findModel(modelId);
    if (!chosen) return;
    onChange({
      ...formData,
      id: chosen.id,
      contextLength: defaultContextLength(chosen.architecture),
    });
  };

  return (
    <FormControl
      component="fieldset"
      className={classes.root}
      fullWidth
      margin="normal"
      required={props.required}
      error={!!rawErrors?.length || problems.length > 0}
      disabled={locked}
    >
      <FormLabel component="legend">{schema?.title ?? 'Model'}</FormLabel>
      <Typography variant="body2" color="textSecondary">
        {schema?.description ??
          'A model of the catalog and the context it is served with, checked against the accelerators.'}
      </Typography>
      <Box display="flex" flexWrap="wrap" mt={2} gridGap={24}>
        <TextField
          id={`${id}-model`}
          select
          SelectProps={{ native: true }}
          label="Model"
          value={formData?.id ?? ''}
          disabled={locked}
          onChange={e => choose(e.target.value)}
        >
          <option value="" disabled>
            Choose a model
          </option>
          {models.map(m => (
            <option key={m.id} value={m.id}>
              {m.displayName} ({m.id}){m.gated ? ', gated' : ''}
            </option>
          ))}
        </TextField>
        {model && formData && (
          <TextField
            id={`${id}-context-length`}
            type="number"
            label="Context length (tokens)"
            value={formData.contextLength ?? ''}
            disabled={locked}
            onChange={e =>
              onChange({
                ...formData,
                contextLength:
                  e.target.value === '' ? NaN : Number(e.target.value),
              })
            }
            inputProps={{
              min: 256,
              max: model.architecture.maxContextLength,
              step: 256,
            }}
            helperText={`256 to ${model.architecture.maxContextLength}; vLLM's --max-model-len`}
          />
        )}
      </Box>
      {model && formData && (
        <TokenSecretFields
          value={formData}
          gated={model.gated}
          locked={locked}
          id={id}
          onChange={onChange}
        />
      )}
      <FormHelperText id={`${id}-helper`} component="div" aria-live="polite">
        {problems.map(p => (
          <div key={p}>{p}</div>
        ))}
        {kvCache}
        {model &&
          !problems.length &&
          !accelerators &&
          'Choose the accelerators to see whether the model and its KV cache fit.'}
      </FormHelperText>
    </FormControl>
  );
};
