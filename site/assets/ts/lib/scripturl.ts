// The site enforces Trusted Types (require-trusted-types-for 'script'): a script URL handed to
// serviceWorker.register() or new Worker() must be a TrustedScriptURL. Each of the site's two
// policies (named in the CSP's trusted-types list) turns exactly one URL into one and refuses
// anything else. Shared by site.ts (the service worker) and the simulator (the engine's Worker).

interface TrustedTypesFactory {
  createPolicy(name: string, rules: { createScriptURL(input: string): string }): { createScriptURL(input: string): unknown };
}

// onlyScriptURL returns url as a TrustedScriptURL from the policy named policy, which accepts
// that URL only; browsers without Trusted Types get the plain string.
export function onlyScriptURL(policy: string, url: string): string {
  const tt = (globalThis as { trustedTypes?: TrustedTypesFactory }).trustedTypes;
  if (!tt) return url;
  const p = tt.createPolicy(policy, {
    createScriptURL(input: string): string {
      if (input === url) return input;
      throw new TypeError(policy + " refuses " + input);
    },
  });
  // A TrustedScriptURL is accepted wherever the DOM types say string.
  return p.createScriptURL(url) as string;
}
