// The part of the sign-in screen for the identity provider: the button
// "Inloggen met <label>" when the installation has one, and the message when
// the provider's sign-in was refused (the server sends the browser back with
// a code in ?oidc=; never a value of the user's).
import { oidcConfiguration, oidcStartPath } from "../api/oidc";
import { h } from "../dom";
import { alertBox } from "../form";
import { hasText, t } from "../i18n";

export function oidcRefusal(params: URLSearchParams): HTMLElement | null {
  const code = params.get("oidc");
  if (!code) return null;
  const key = `signin.oidc.refused.${code}`;
  const box = alertBox("error", h("strong", null, t("signin.oidc.refused")), " ", hasText(key) ? t(key) : t("signin.oidc.refused.other"));
  box.setAttribute("role", "alert");
  return box;
}

// Appends the button to `container` once the server says the provider is configured.
export async function offerOidc(container: HTMLElement): Promise<void> {
  const config = await oidcConfiguration().catch(() => null);
  if (!config?.enabled || !config.label) return;
  container.append(
    h(
      "div",
      { class: "grip-form grip-form--narrow grip-oidc" },
      h("p", { class: "utrecht-paragraph" }, t("signin.oidc.or")),
      h(
        "a",
        { href: oidcStartPath, class: "utrecht-button utrecht-button--primary-action grip-oidc__button" },
        t("signin.oidc.button", { label: config.label }),
      ),
    ),
  );
}
