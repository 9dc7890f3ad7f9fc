export interface Config {
  aiml?: {
    /**
     * The sandbox: an emulated AWS account (EKS, STS, Kubernetes) on loopback, for local
     * use and tests. Refused when NODE_ENV=production.
     */
    sandbox?: {
      /**
       * Start the sandbox inside the backend process and point every configured
       * cluster at it. Default false; app-config.yaml turns it on for local use.
       * @visibility frontend
       */
      enabled?: boolean;
      /**
       * Use a sandbox already running as its own process (`yarn sandbox --out DIR`):
       * the DIR it wrote. Takes precedence over `enabled`.
       * @visibility frontend
       */
      attach?: string;
      /**
       * Where golden-path templates publish in sandbox mode (local git repositories,
       * registered as `file` locations). Default: a folder under the OS temp dir.
       */
      localRepositories?: string;
    };
  };
}
