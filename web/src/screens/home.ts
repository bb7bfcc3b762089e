// The start screen after signing in: who you are and what you may do here.
import { focusHeading, registerScreen } from "../app";
import { h } from "../dom";
import { t } from "../i18n";

registerScreen({
  path: "/",
  titleKey: "home.title",
  allowed: () => true,
  render(main, ctx) {
    const s = ctx.session;
    const links = [...document.querySelectorAll<HTMLAnchorElement>(".grip-nav__link")].filter(
      (a) => a.getAttribute("href") !== "/",
    );
    main.append(
      h("h1", { class: "utrecht-heading-1" }, t("home.welcome", { user: s.user })),
      h("p", { class: "utrecht-paragraph" }, t("home.role", { role: s.role_label })),
      h("p", { class: "utrecht-paragraph" }, s.personal_data ? t("home.personalData") : t("home.noPersonalData")),
      links.length
        ? h(
            "ul",
            { class: "utrecht-unordered-list grip-home-links" },
            links.map((a) =>
              h("li", { class: "utrecht-unordered-list__item" }, h("a", { href: a.getAttribute("href") ?? "/", "data-nav": true, class: "utrecht-link" }, a.textContent ?? "")),
            ),
          )
        : h("p", { class: "utrecht-paragraph" }, t("home.nothing")),
    );
    focusHeading(main);
  },
});
