/** Where the app keeps the sandbox persona the person chose (sandbox mode only). */
const KEY = 'aiml-sandbox-persona';

export function readPersona(): string | undefined {
  return window.localStorage.getItem(KEY) ?? undefined;
}

/** Switches persona: the next sign-in (after reload) uses it; undefined returns to the guest. */
export function writePersona(persona: string | undefined): void {
  if (persona) window.localStorage.setItem(KEY, persona);
  else window.localStorage.removeItem(KEY);
}

/** Whether the portal runs on the sandbox (an emulated AWS account). */
export function isSandboxMode(config: {
  getOptionalBoolean(key: string): boolean | undefined;
  has(key: string): boolean;
}): boolean {
  return (
    config.getOptionalBoolean('aiml.sandbox.enabled') === true ||
    config.has('aiml.sandbox.attach')
  );
}
