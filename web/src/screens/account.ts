// One's own account: the steps of a sign-in that is not finished (the second
// factor's enrolment or code; a password that beheer reset and that must be
// changed) and changing one's own password. The shell shows the step screens
// whatever the path while the session is pending (the server refuses all else).
import { ApiError, changePassword, Enrolment, giveCode, Session, signOut, startEnrolment } from "../api/client";
import { codePath, focusHeading, navigate, passwordPath, registerScreen, signedIn } from "../app";
import { h } from "../dom";
import { alertBox, button, field } from "../form";
import { t } from "../i18n";

const svgNs = "http://www.w3.org/2000/svg";

// The QR code as SVG made with the DOM (no markup from text): one path of
// dark modules, with the quiet zone of four modules around it.
function qrCode(rows: string[], label: string): SVGSVGElement {
  const size = rows.length + 8;
  const svg = document.createElementNS(svgNs, "svg");
  svg.setAttribute("viewBox", `0 0 ${size} ${size}`);
  svg.setAttribute("width", String(size * 5));
  svg.setAttribute("height", String(size * 5));
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", label);
  svg.setAttribute("class", "grip-qr");
  const background = document.createElementNS(svgNs, "rect");
  background.setAttribute("width", String(size));
  background.setAttribute("height", String(size));
  background.setAttribute("fill", "#fff");
  const path = document.createElementNS(svgNs, "path");
  let d = "";
  rows.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) if (row[x] === "1") d += `M${x + 4} ${y + 4}h1v1h-1z`;
  });
  path.setAttribute("d", d);
  path.setAttribute("fill", "#000");
  svg.append(background, path);
  return svg;
}

// The secret in groups of four, as the apps show it when typed by hand.
function grouped(secret: string): string {
  return secret.replace(/(.{4})/g, "$1 ").trim();
}

function cancelButton(): HTMLButtonElement {
  return h(
    "button",
    {
      type: "button",
      class: "utrecht-button utrecht-button--secondary-action",
      onclick: async () => {
        await signOut().catch(() => undefined);
        location.assign("/aanmelden");
      },
    },
    t("header.signOut"),
  );
}

registerScreen({
  path: codePath,
  titleKey: "totp.title",
  hidden: true,
  allowed: () => true,
  async render(main, ctx) {
    const s = ctx.session;
    if (!s?.pending || s.pending === "password_change") return navigate("/", true);
    const enrolling = s.pending === "second_factor_enrolment";
    main.append(h("h1", { class: "utrecht-heading-1" }, t(enrolling ? "totp.enrolTitle" : "totp.title")));
    if (enrolling) {
      let enrolment: Enrolment;
      try {
        enrolment = await startEnrolment();
      } catch {
        main.append(alertBox("error", t("app.failed")));
        return;
      }
      main.append(
        h("p", { class: "utrecht-paragraph" }, t("totp.enrolIntro")),
        h("div", { class: "grip-qr-box" }, qrCode(enrolment.qr, t("totp.qrLabel"))),
        h("p", { class: "utrecht-paragraph" }, t("totp.manual")),
        h("p", { class: "utrecht-paragraph" }, h("code", { class: "grip-totp-secret", "data-testid": "totp-secret" }, grouped(enrolment.secret))),
        h("p", { class: "utrecht-paragraph grip-muted" }, t("totp.settings")),
      );
    } else {
      main.append(h("p", { class: "utrecht-paragraph" }, t("totp.intro")));
    }
    const code = field({
      label: t("totp.code"),
      name: "code",
      autocomplete: "one-time-code",
      inputmode: "numeric",
      required: true,
      attrs: { maxlength: "6", pattern: "[0-9]{6}" },
    });
    const message = h("div", { class: "grip-form-message" });
    const form = h("form", { class: "grip-form grip-form--narrow", novalidate: true }, code.wrapper, message, button(t("totp.submit")), cancelButton());
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      message.replaceChildren();
      const digits = code.input.value.replace(/\s/g, "");
      code.setError(/^[0-9]{6}$/.test(digits) ? null : t("totp.format"));
      if (!/^[0-9]{6}$/.test(digits)) return code.input.focus();
      try {
        const session: Session = await giveCode(digits);
        signedIn(session, ctx.params.get("terug"));
      } catch (e) {
        const status = e instanceof ApiError ? e.status : 0;
        const text = status === 400 ? t("totp.wrong") : status === 429 ? t("totp.throttled") : t("app.failed");
        message.append(alertBox("error", text));
        code.input.value = "";
        code.input.focus();
      }
    });
    main.append(form);
    focusHeading(main);
    code.input.focus();
  },
});

registerScreen({
  path: passwordPath,
  titleKey: "password.title",
  hidden: true,
  allowed: (s) => s.via === "session",
  render(main, ctx) {
    const s = ctx.session;
    const forced = s.pending === "password_change";
    const current = field({
      label: t(forced ? "password.once" : "password.current"),
      name: "current_password",
      type: "password",
      autocomplete: "current-password",
      required: true,
    });
    const next = field({
      label: t("password.new"),
      name: "new_password",
      type: "password",
      autocomplete: "new-password",
      description: t("password.rules"),
      required: true,
    });
    const again = field({ label: t("password.again"), name: "again", type: "password", autocomplete: "new-password", required: true });
    const message = h("div", { class: "grip-form-message" });
    const form = h(
      "form",
      { class: "grip-form grip-form--narrow", novalidate: true },
      current.wrapper,
      next.wrapper,
      again.wrapper,
      message,
      button(t("password.submit")),
      forced ? cancelButton() : null,
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      message.replaceChildren();
      current.setError(current.input.value ? null : t("password.missing"));
      next.setError([...next.input.value].length >= 12 ? null : t("password.short"));
      again.setError(again.input.value === next.input.value ? null : t("password.different"));
      if (!current.input.value) return current.input.focus();
      if ([...next.input.value].length < 12) return next.input.focus();
      if (again.input.value !== next.input.value) return again.input.focus();
      try {
        const session = await changePassword(current.input.value, next.input.value);
        ctx.flash(t("password.changed"));
        if (forced) signedIn(session, ctx.params.get("terug"));
        else navigate("/", true);
      } catch (e) {
        const params = e instanceof ApiError ? e.problem.invalid_params ?? [] : [];
        if (params.some((p) => p.name === "current_password")) current.setError(t("password.wrongCurrent"));
        else if (params.some((p) => p.name === "new_password")) next.setError(t("password.invalid"));
        else message.append(alertBox("error", e instanceof ApiError && e.status === 429 ? t("totp.throttled") : t("app.failed")));
      }
    });
    main.append(
      h("h1", { class: "utrecht-heading-1" }, t("password.title")),
      h("p", { class: "utrecht-paragraph" }, t(forced ? "password.forcedIntro" : "password.intro")),
      form,
    );
    focusHeading(main);
    current.input.focus();
  },
});
