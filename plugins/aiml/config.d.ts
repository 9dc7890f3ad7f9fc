export interface Config {
  aiml?: {
    /** The sandbox (emulated AWS account); the frontend shows a banner and persona switching on it. */
    sandbox?: {
      /**
       * Whether the backend runs the sandbox in-process.
       * @visibility frontend
       */
      enabled?: boolean;
      /**
       * The directory of a sandbox the backend attaches to.
       * @visibility frontend
       */
      attach?: string;
    };
  };
}
