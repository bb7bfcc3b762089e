// Sign in with user name and password (the session cookie is set by the
// server); the message after signing out or when the session has ended is
// shown above the form by the shell.
import { ApiError, signIn } from "../api/client";
import { focusHeading, registerScreen, signedIn } from "../app";
import { h } from "../dom";
import { alertBox, button, field } from "../form";
import { t } from "../i18n";
import { offerOidc, oidcRefusal } from "./signin_oidc";

registerScreen({
  path: "/aanmelden",
  titleKey: "signin.title",
  allowed: () => true,
  render(main, ctx) {
    const username = field({ label: t("signin.username"), name: "username", autocomplete: "username", required: true });
    const password = field({
      label: t("signin.password"),
      name: "password",
      type: "password",
      autocomplete: "current-password",
      required: true,
    });
    const message = h("div", { class: "grip-form-message" });
    const form = h(
      "form",
      { class: "grip-form grip-form--narrow", novalidate: true },
      username.wrapper,
      password.wrapper,
      message,
      button(t("signin.submit")),
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      message.replaceChildren();
      const name = username.input.value.trim();
      const pass = password.input.value;
      username.setError(name ? null : t("signin.usernameMissing"));
      password.setError(pass ? null : t("signin.passwordMissing"));
      if (!name) return username.input.focus();
      if (!pass) return password.input.focus();
      try {
        const session = await signIn(name, pass);
        signedIn(session, ctx.params.get("terug"));
      } catch (e) {
        const status = e instanceof ApiError ? e.status : 0;
        const text = status === 401 ? t("signin.wrong") : status === 429 ? t("signin.throttled") : t("app.failed");
        message.append(alertBox("error", text));
        password.input.value = "";
        password.input.focus();
      }
    });
    main.append(
      h("h1", { class: "utrecht-heading-1" }, t("signin.title")),
      oidcRefusal(ctx.params) ?? "",
      h("p", { class: "utrecht-paragraph" }, t("signin.intro")),
      form,
    );
    void offerOidc(main);
    if (!document.querySelector(".grip-notice")) focusHeading(main);
    username.input.focus();
  },
});
