/*
 * Jest resolver: the default, and for packages that export only an `import`
 * condition (the kubernetes-models CRD packages of KEDA and the Prometheus
 * Operator, and their @kubernetes-models/* dependencies) that condition, which
 * Jest's CommonJS resolution does not try. Jest's transform compiles them.
 */
module.exports = (request, options) => {
  try {
    return options.defaultResolver(request, options);
  } catch {
    return options.defaultResolver(request, {
      ...options,
      conditions: ['import', 'default'],
    });
  }
};
