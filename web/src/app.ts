// The application shell: the session, the screens a role may use, the
// header with navigation, language switch and sign-out, and the routing
// between screens without a page reload (history API).
import { currentSession, onSessionEnded, Session } from "./api/client";
import { signOutEverywhere } from "./api/oidc";
import { forgetCaseTypes, loadCaseTypes } from "./api/cases";
import { forgetCaches } from "./api/grip";
import { clear, h } from "./dom";
import { lang, setLang, t, type TextKey } from "./i18n";

export interface Screen {
  path: string;
  titleKey: TextKey;
  // Whether the signed-in role may use the screen (the server decides; the
  // interface offers only what it will allow).
  allowed: (session: Session) => boolean;
  render: (main: HTMLElement, ctx: ScreenContext) => Promise<void> | void;
  // A screen reached from another (a case), not from the menu.
  hidden?: boolean;
  // Whether signing in leads straight to this screen instead of the start
  // (a role whose only work is this screen, e.g. regio to the region's figures).
  landing?: (session: Session) => boolean;
}

export interface ScreenContext {
  session: Session;
  params: URLSearchParams;
  navigate: (path: string, replace?: boolean) => void;
  // A message at the top of the next screen (e.g. after an action).
  flash: (text: string) => void;
}

const screens: Screen[] = [];
let session: Session | null = null;
let notice: { kind: "info" | "warning"; text: string } | null = null;
let root: HTMLElement;

export function registerScreen(screen: Screen): void {
  screens.push(screen);
}

export function may(s: Session, permission: string): boolean {
  return s.may.includes(permission);
}

export async function start(app: HTMLElement): Promise<void> {
  root = app;
  onSessionEnded(() => {
    if (session) {
      session = null;
      forgetCaches();
      forgetCaseTypes();
      notice = { kind: "warning", text: t("signin.expired") };
      navigate(`/aanmelden?terug=${encodeURIComponent(location.pathname + location.search)}`, true);
    }
  });
  window.addEventListener("popstate", () => void render());
  document.addEventListener("click", (event) => {
    const a = (event.target as Element | null)?.closest?.("a[data-nav]");
    if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    navigate(a.getAttribute("href") ?? "/");
  });
  session = await currentSession().catch(() => null);
  await render();
}

export function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  void render();
}

// The screens of a sign-in that is not finished (see Session.pending).
export const codePath = "/aanmelden/code";
export const passwordPath = "/wachtwoord";

export function signedIn(s: Session, back: string | null): void {
  session = s;
  notice = null;
  if (s.pending) {
    const path = s.pending === "password_change" ? passwordPath : codePath;
    return navigate(back ? `${path}?terug=${encodeURIComponent(back)}` : path, true);
  }
  // Back where the user was; else the role's own screen, or the start.
  if (back && back !== "/" && back.startsWith("/") && !back.startsWith("//")) return navigate(back, true);
  const landing = screens.find((screen) => screen.landing?.(s) && screen.allowed(s));
  navigate(landing ? landing.path : "/", true);
}

function allowedScreens(s: Session): Screen[] {
  return screens.filter((screen) => screen.path !== "/aanmelden" && screen.path !== "/" && !screen.hidden && screen.allowed(s));
}

function header(s: Session | null): HTMLElement {
  const other = lang() === "nl" ? "en" : "nl";
  const langButton = h(
    "button",
    {
      type: "button",
      class: "utrecht-button utrecht-button--subtle grip-lang",
      lang: other,
      onclick: () => {
        setLang(other);
        void render();
      },
    },
    t("lang.switch"),
  );
  const nav = s
    ? h(
        "nav",
        { class: "grip-nav", "aria-label": t("nav.label") },
        h(
          "ul",
          { class: "grip-nav__list" },
          allowedScreens(s).map((screen) =>
            h(
              "li",
              null,
              h(
                "a",
                {
                  href: screen.path,
                  "data-nav": true,
                  class: "utrecht-link grip-nav__link",
                  "aria-current": location.pathname === screen.path ? "page" : null,
                },
                t(screen.titleKey),
              ),
            ),
          ),
        ),
      )
    : null;
  const user = s
    ? h(
        "div",
        { class: "grip-user" },
        h("span", { class: "grip-user__name" }, t("header.signedInAs", { user: s.user, role: s.role_label })),
        s.via === "session" && !s.pending
          ? h("a", { href: passwordPath, "data-nav": true, class: "utrecht-link grip-user__password" }, t("password.link"))
          : null,
        h(
          "button",
          {
            type: "button",
            class: "utrecht-button utrecht-button--secondary-action",
            onclick: async () => {
              // Signed in at the identity provider: sign out there too.
              const provider = await signOutEverywhere().catch(() => null);
              if (provider) return location.assign(provider);
              session = null;
              forgetCaches();
              forgetCaseTypes();
              notice = { kind: "info", text: t("signin.signedOut") };
              navigate("/aanmelden", true);
            },
          },
          t("header.signOut"),
        ),
      )
    : null;
  return h(
    "header",
    { class: "utrecht-page-header grip-header" },
    h(
      "div",
      { class: "grip-header__bar" },
      h("a", { href: "/", "data-nav": true, class: "grip-logo" }, h("span", { class: "grip-logo__name" }, "Grip"), h("span", { class: "grip-logo__tag" }, t("app.tagline"))),
      user,
      langButton,
    ),
    nav,
  );
}

async function render(): Promise<void> {
  const path = location.pathname;
  const params = new URLSearchParams(location.search);
  // The case types the role reads decide the casework screens of the menu.
  if (session && !session.pending) await loadCaseTypes().catch(() => []);
  clear(root);
  const skip = h("a", { href: "#main", class: "grip-skip-link" }, t("app.skip"));
  const main = h("main", { id: "main", class: "utrecht-page-content grip-main", tabindex: "-1" });
  const footer = h("footer", { class: "utrecht-page-footer grip-footer" }, h("p", { class: "utrecht-paragraph" }, t("app.footer")));
  root.append(skip, header(session?.pending ? null : session), main, footer);

  if (notice) {
    main.append(
      h(
        "div",
        { class: `utrecht-alert utrecht-alert--${notice.kind} grip-notice`, role: notice.kind === "warning" ? "alert" : "status" },
        h("p", { class: "utrecht-paragraph" }, notice.text),
      ),
    );
    notice = null;
  }

  const signIn = screens.find((s) => s.path === "/aanmelden")!;
  if (!session) {
    if (path !== "/aanmelden") {
      history.replaceState(null, "", `/aanmelden?terug=${encodeURIComponent(path + location.search)}`);
    }
    document.title = `${t(signIn.titleKey)} – Grip`;
    await signIn.render(main, context(null, new URLSearchParams(location.search)));
    return;
  }
  // A sign-in that is not finished shows its step, whatever the path.
  if (session.pending) {
    const step = screens.find((s) => s.path === (session!.pending === "password_change" ? passwordPath : codePath))!;
    document.title = `${t(step.titleKey)} – Grip`;
    await step.render(main, context(session, params));
    return;
  }
  let screen = screens.find((s) => s.path === path);
  if (path === "/aanmelden") screen = screens.find((s) => s.path === "/");
  if (!screen) {
    document.title = `${t("notFound.title")} – Grip`;
    main.append(h("h1", { class: "utrecht-heading-1" }, t("notFound.title")), h("p", { class: "utrecht-paragraph" }, t("notFound.text")));
    return;
  }
  document.title = `${t(screen.titleKey)} – Grip`;
  if (!screen.allowed(session)) {
    main.append(h("h1", { class: "utrecht-heading-1" }, t(screen.titleKey)), h("p", { class: "utrecht-paragraph", "data-testid": "not-allowed" }, t("app.notAllowed")));
    return;
  }
  try {
    await screen.render(main, context(session, params));
  } catch (e) {
    if (!session) return;  // the session ended: the sign-in screen is shown
    main.append(h("div", { class: "utrecht-alert utrecht-alert--error", role: "alert" }, h("p", { class: "utrecht-paragraph" }, t("app.failed"))));
    console.error(e);
  }
}

function context(s: Session | null, params: URLSearchParams): ScreenContext {
  return {
    session: s as Session,
    params,
    navigate,
    flash: (text: string) => {
      notice = { kind: "info", text };
    },
  };
}

// Moves focus to the new screen's heading, for screen readers and the keyboard.
export function focusHeading(main: HTMLElement): void {
  const heading = main.querySelector<HTMLElement>("h1");
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: false });
  }
}
