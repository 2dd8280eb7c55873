import { ssoSignInAction } from './actions';

/** Starts single sign-on: next-auth redirects to the identity provider with state, nonce and PKCE. */
export function SsoButton() {
  return (
    <form action={ssoSignInAction}>
      <button type="submit" className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-medium text-slate-800 hover:bg-slate-50">
        Sign in with single sign-on
      </button>
    </form>
  );
}
