// Sign-in through the municipality's identity provider (OpenID Connect): the
// server runs the whole flow; the interface only offers the button and, after
// signing out, sends the browser to the provider to sign out there too.
import { request, setCsrfToken, type Schemas } from "./client";

export type OidcConfiguration = Schemas["OidcConfiguration"];

export const oidcStartPath = "/api/v1/sessions/oidc";

export function oidcConfiguration(): Promise<OidcConfiguration> {
  return request<OidcConfiguration>("GET", "/sessions/oidc/configuration", { expectSession: false });
}

// Ends the session; the provider's sign-out URL when the session began there, else null.
export async function signOutEverywhere(): Promise<string | null> {
  try {
    const answer = await request<{ end_session_url: string | null }>("POST", "/sessions/oidc/sign-out", {
      expectSession: false,
    });
    return answer.end_session_url;
  } finally {
    setCsrfToken("");
  }
}
