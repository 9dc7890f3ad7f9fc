import { useEffect, useState } from 'react';
import { makeStyles, MenuItem, Select, Typography } from '@material-ui/core';
import {
  configApiRef,
  identityApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { isSandboxMode, writePersona } from './personaStorage';

const useStyles = makeStyles(theme => ({
  banner: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(2),
    padding: theme.spacing(0.5, 2),
    background: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  select: { color: 'inherit', minWidth: 220 },
}));

interface Persona {
  ref: string;
  name: string;
  label: string;
}

/**
 * Always visible on the sandbox: says that no real AWS account is behind the portal,
 * and lets the person act as another example persona (reloads and signs in again).
 */
export const SandboxBanner = () => {
  const classes = useStyles();
  const config = useApi(configApiRef);
  const identityApi = useApi(identityApiRef);
  const catalogApi = useApi(catalogApiRef);
  const [me, setMe] = useState<string>();
  const [personas, setPersonas] = useState<Persona[]>([]);
  const sandbox = isSandboxMode(config);

  useEffect(() => {
    if (!sandbox) return;
    identityApi.getBackstageIdentity().then(id => setMe(id.userEntityRef));
    catalogApi
      .getEntities({
        filter: { kind: 'user' },
        fields: ['metadata.name', 'metadata.description', 'spec.profile'],
      })
      .then(({ items }) =>
        setPersonas(
          items.map(u => ({
            ref: `user:default/${u.metadata.name}`,
            name: u.metadata.name,
            label: `${
              (u.spec as any)?.profile?.displayName ?? u.metadata.name
            } — ${u.metadata.description ?? ''}`,
          })),
        ),
      )
      .catch(() => setPersonas([]));
  }, [sandbox, identityApi, catalogApi]);

  if (!sandbox) return null;
  const switchTo = async (ref: string) => {
    const persona = personas.find(p => p.ref === ref);
    writePersona(persona?.name);
    await identityApi.signOut();
  };
  return (
    <div className={classes.banner} role="banner" aria-label="sandbox">
      <Typography variant="body2">
        <strong>Sandbox</strong>: an emulated AWS account — no real clusters, no
        real spend.
      </Typography>
      {personas.length > 0 && me && (
        <Select
          className={classes.select}
          value={me}
          onChange={e => switchTo(e.target.value as string)}
          inputProps={{ 'aria-label': 'Act as' }}
        >
          {personas.map(p => (
            <MenuItem key={p.ref} value={p.ref}>
              {p.label}
            </MenuItem>
          ))}
        </Select>
      )}
    </div>
  );
};
