export { SandboxBanner } from './SandboxBanner';
export { SandboxSignInPage } from './SandboxSignInPage';
