export * from './aimlKubernetesAuthProviders';
