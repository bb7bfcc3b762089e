// Administration (beheer): the users with their roles, adding and disabling
// them, resetting a person's password or second factor, and the API tokens of partner systems, created (shown once) and
// revoked. Passwords and token hashes never come back from the server.
import { ApiError, get, listAll, patch, post, request } from "../api/client";
import { Location } from "../api/grip";
import { focusHeading, may, registerScreen } from "../app";
import { clear, h, uid } from "../dom";
import { alertBox, field, formOf } from "../form";
import { t, textOf } from "../i18n";
import { localDate } from "../time";
import { reasonText } from "../reasons";

interface User {
  id: number;
  name: string;
  role: string;
  organisation: string | null;
  locations: string[];
  kind: "person" | "system";
  disabled: boolean;
  created_at: number;
}

interface Token {
  id: number;
  user: string;
  name: string;
  created_at: number;
  expires_at: number;
  revoked: boolean;
}

interface Organisation {
  id: string;
  name: string;
}

// A role as the server's role table gives it: its Dutch label, and whether
// this administrator may give it (the others are the server operator's).
interface RoleInfo {
  name: string;
  label: string;
  personal_data: boolean;
  grantable: boolean;
}

function date(seconds: number): string {
  return localDate(seconds);
}

// A text to copy (a new token, a one-time password): shown whole, wrapped,
// with a button that puts it on the clipboard.
function copyable(text: string, label: string, testId: string): HTMLElement {
  const id = uid("copy");
  const done = h("span", { class: "grip-muted", "aria-live": "polite" });
  const button = h(
    "button",
    {
      type: "button",
      class: "utrecht-button utrecht-button--secondary-action",
      "aria-describedby": id,
      onclick: async () => {
        try {
          await navigator.clipboard.writeText(text);
          done.textContent = t("admin.copied");
        } catch {
          // Without clipboard access (an insecure origin): select it to copy by hand.
          const range = document.createRange();
          range.selectNodeContents(code);
          const selection = window.getSelection();
          selection?.removeAllRanges();
          selection?.addRange(range);
          done.textContent = t("admin.copyByHand");
        }
      },
    },
    t("admin.copy"),
  );
  const code = h("code", { id, class: "grip-copyable", "data-testid": testId, "aria-label": label }, text);
  return h("div", { class: "grip-copy" }, h("p", { class: "utrecht-paragraph" }, code), h("p", { class: "utrecht-paragraph" }, button, " ", done));
}

function th(text: string, num = false): HTMLTableCellElement {
  return h("th", { class: `utrecht-table__header-cell${num ? " grip-num" : ""}`, scope: "col" }, text);
}

function td(...content: (Node | string)[]): HTMLTableCellElement {
  return h("td", { class: "utrecht-table__cell" }, ...content);
}

// A button that asks before it acts (disabling a user, revoking a token).
function confirmButton(text: string, question: string, action: () => Promise<void>): HTMLButtonElement {
  return h(
    "button",
    {
      type: "button",
      class: "utrecht-button utrecht-button--secondary-action",
      onclick: async () => {
        if (confirm(question)) await action();
      },
    },
    text,
  );
}

function showErrors(e: unknown, fields: Record<string, { setError: (m: string | null) => void }>, message: HTMLElement): void {
  if (e instanceof ApiError && e.status === 409) {
    fields.name?.setError(t("admin.nameTaken"));
    return;
  }
  if (e instanceof ApiError && e.problem.invalid_params?.length) {
    for (const p of e.problem.invalid_params) {
      const f = fields[p.name];
      if (f) f.setError(reasonText(p.reason));
      else message.append(alertBox("error", `${p.name}: ${reasonText(p.reason)}`));
    }
    return;
  }
  message.append(alertBox("error", t("app.failed")));
}

registerScreen({
  path: "/beheer",
  titleKey: "admin.title",
  allowed: (s) => may(s, "users.manage") || may(s, "tokens.manage") || may(s, "catalogue.edit"),
  async render(main, ctx) {
    const s = ctx.session;
    main.append(h("h1", { class: "utrecht-heading-1" }, t("admin.title")));
    const [organisations, locations] = await Promise.all([
      s.read.includes("organisation") ? listAll<Organisation>("/records/organisation") : Promise.resolve([]),
      s.read.includes("location") ? listAll<Location>("/records/location") : Promise.resolve([]),
    ]);
    const roles: RoleInfo[] = may(s, "users.manage") ? (await get<{ items: RoleInfo[] }>("/roles")).items : [];
    const roleLabel = (name: string) => roles.find((r) => r.name === name)?.label ?? textOf(`role.${name}`);
    const grantable = roles.filter((r) => r.grantable);
    const orgName = new Map(organisations.map((o) => [o.id, o.name]));
    const locName = new Map(locations.map((l) => [l.id, l.name]));
    let users: User[] = [];

    if (may(s, "users.manage")) {
      const usersBox = h("div", { class: "grip-users" });
      // beheer's resets of a person's password (a one-time password, shown
      // once) and second factor; the answer shows above the table.
      const resetMessage = h("div", { class: "grip-form-message", "data-testid": "reset-message" });
      const resetFailed = (e: unknown) => {
        resetMessage.append(alertBox("error", e instanceof ApiError && e.status === 409 ? t("admin.resetBoth") : t("app.failed")));
      };
      const resetButtons = (u: User) => [
        confirmButton(t("admin.resetPassword", { name: u.name }), t("admin.resetPasswordConfirm", { name: u.name }), async () => {
          resetMessage.replaceChildren();
          try {
            const answer = await post<{ password: string }>(`/users/${u.id}/password-reset`, {});
            resetMessage.append(
              alertBox("ok", t("admin.oneTimePassword", { name: u.name }), copyable(answer.password, t("admin.oneTimePasswordLabel"), "one-time-password")),
            );
          } catch (e) {
            resetFailed(e);
          }
        }),
        confirmButton(t("admin.resetSecondFactor", { name: u.name }), t("admin.resetSecondFactorConfirm", { name: u.name }), async () => {
          resetMessage.replaceChildren();
          try {
            await post(`/users/${u.id}/second-factor-reset`, {});
            resetMessage.append(alertBox("ok", t("admin.secondFactorReset", { name: u.name })));
          } catch (e) {
            resetFailed(e);
          }
        }),
      ];
      // Changing a user's role and places: between the roles this
      // administrator may give; a role with personal data is changed by the
      // server's operator (grip user change), which the button then says.
      const changeBox = h("div", { class: "grip-form-message", "data-testid": "change-user" });
      const changeButton = (u: User) => {
        const mayChange = grantable.some((r) => r.name === u.role);
        return h(
          "button",
          {
            type: "button",
            class: "utrecht-button utrecht-button--secondary-action",
            onclick: () => (mayChange ? openChange(u) : changeBox.replaceChildren(alertBox("info", t("admin.changeByOperator", { name: u.name })))),
          },
          t("admin.change", { name: u.name }),
        );
      };
      const openChange = (u: User) => {
        const headingId = uid("change-heading");
        const newRole = field({ label: t("admin.role"), name: "change-role", options: grantable.map((r) => ({ value: r.name, label: r.label })) });
        (newRole.input as HTMLSelectElement).value = u.role;
        const newOrganisation = field({
          label: t("admin.organisation"),
          name: "change-organisation",
          options: [{ value: "", label: t("admin.none") }, ...organisations.map((o) => ({ value: o.id, label: o.name }))],
        });
        (newOrganisation.input as HTMLSelectElement).value = u.organisation ?? "";
        const newLocation = field({
          label: t("admin.location"),
          name: "change-location",
          options: [{ value: "", label: t("admin.none") }, ...locations.map((l) => ({ value: l.id, label: l.name }))],
        });
        (newLocation.input as HTMLSelectElement).value = u.locations[0] ?? "";
        const { form, message } = formOf({ "aria-labelledby": headingId }, [newRole.wrapper, newOrganisation.wrapper, newLocation.wrapper], t("admin.saveChange"));
        form.addEventListener("submit", async (e) => {
          e.preventDefault();
          message.replaceChildren();
          try {
            await patch(`/users/${u.id}`, {
              role: newRole.input.value,
              organisation: newOrganisation.input.value || null,
              locations: newLocation.input.value ? [newLocation.input.value] : [],
            });
            await drawUsers();
            changeBox.replaceChildren(alertBox("ok", t("admin.changed", { name: u.name })));
          } catch (err) {
            if (err instanceof ApiError && err.status === 403) message.append(alertBox("error", t("admin.changeByOperator", { name: u.name })));
            else showErrors(err, { role: newRole, organisation: newOrganisation, locations: newLocation }, message);
          }
        });
        changeBox.replaceChildren(h("h3", { class: "utrecht-heading-3", id: headingId }, t("admin.changeHeading", { name: u.name })), h("p", { class: "utrecht-paragraph" }, t("admin.changeHelp")), form);
        newRole.input.focus();
      };
      const drawUsers = async () => {
        users = (await get<{ items: User[] }>("/users")).items;
        clear(usersBox);
        usersBox.append(
          h(
            "table",
            { class: "utrecht-table", "data-testid": "users" },
            h("caption", { class: "utrecht-table__caption" }, t("admin.usersCaption", { count: users.length })),
            h("thead", { class: "utrecht-table__header" }, h("tr", { class: "utrecht-table__row" }, th(t("admin.name")), th(t("admin.role")), th(t("admin.organisation")), th(t("admin.locations")), th(t("admin.status")), th(t("admin.action")))),
            h(
              "tbody",
              { class: "utrecht-table__body" },
              users.map((u) =>
                h(
                  "tr",
                  { class: "utrecht-table__row", "data-user": u.name },
                  h("th", { class: "utrecht-table__header-cell", scope: "row" }, u.name),
                  td(roleLabel(u.role)),
                  td(u.organisation ? orgName.get(u.organisation) ?? u.organisation : "–"),
                  td(u.locations.map((l) => locName.get(l) ?? l).join(", ") || "–"),
                  td(u.disabled ? t("admin.disabled") : t("admin.active")),
                  td(
                    u.disabled || u.name === s.user
                      ? ""
                      : confirmButton(t("admin.disable", { name: u.name }), t("admin.disableConfirm", { name: u.name }), async () => {
                          await post(`/users/${u.id}/disable`, {});
                          await drawUsers();
                          usersBox.querySelector<HTMLElement>("caption")?.focus();
                        }),
                    ...(u.disabled || u.name === s.user || u.kind !== "person" ? [] : resetButtons(u)),
                    ...(u.disabled || u.name === s.user ? [] : [changeButton(u)]),
                  ),
                ),
              ),
            ),
          ),
        );
      };
      await drawUsers();

      const name = field({ label: t("admin.name"), name: "name", autocomplete: "off", description: t("admin.nameHelp"), required: true });
      const role = field({
        label: t("admin.role"),
        name: "role",
        description: t("admin.roleHelp"),
        options: grantable.map((r) => ({ value: r.name, label: r.label })),
      });
      const organisation = field({
        label: t("admin.organisation"),
        name: "organisation",
        options: [{ value: "", label: t("admin.none") }, ...organisations.map((o) => ({ value: o.id, label: o.name }))],
      });
      const location = field({
        label: t("admin.location"),
        name: "location",
        description: t("admin.locationHelp"),
        options: [{ value: "", label: t("admin.none") }, ...locations.map((l) => ({ value: l.id, label: l.name }))],
      });
      const password = field({ label: t("admin.password"), name: "password", type: "password", autocomplete: "new-password", description: t("admin.passwordHelp"), required: true });
      const { form, message } = formOf(
        { "aria-labelledby": "add-user-heading" },
        [name.wrapper, role.wrapper, organisation.wrapper, location.wrapper, password.wrapper],
        t("admin.add"),
      );
      form.addEventListener("submit", async (e) => {
        e.preventDefault();
        for (const f of [name, password]) f.setError(null);
        message.replaceChildren();
        if (!/^[A-Za-z0-9._-]{1,64}$/.test(name.input.value)) {
          name.setError(t("admin.nameHelp"));
          name.input.focus();
          return;
        }
        if (password.input.value.length < 12) {
          password.setError(t("admin.passwordHelp"));
          password.input.focus();
          return;
        }
        try {
          await post("/users", {
            name: name.input.value,
            role: role.input.value,
            organisation: organisation.input.value || null,
            locations: location.input.value ? [location.input.value] : [],
            password: password.input.value,
          });
          message.append(alertBox("ok", t("admin.added", { name: name.input.value })));
          name.input.value = "";
          password.input.value = "";
          await drawUsers();
          if (tokenUser) await refreshTokenUsers();
        } catch (err) {
          showErrors(err, { name, role, password, organisation, locations: location }, message);
        }
      });
      main.append(h("h2", { class: "utrecht-heading-2" }, t("admin.users")), resetMessage, usersBox, changeBox, h("h3", { class: "utrecht-heading-3", id: "add-user-heading" }, t("admin.addUser")), form);
    }

    let tokenUser: ReturnType<typeof field> | null = null;
    const refreshTokenUsers = async () => {
      if (!tokenUser) return;
      // Tokens are for partner systems' accounts only; the server refuses a person's.
      const active = users.length ? users.filter((u) => !u.disabled && u.kind === "system") : [];
      const select = tokenUser.input as HTMLSelectElement;
      clear(select);
      for (const u of active) select.append(h("option", { value: u.name }, `${u.name} (${roleLabel(u.role)})`));
    };
    if (may(s, "tokens.manage")) {
      const tokensBox = h("div", { class: "grip-tokens" });
      const drawTokens = async () => {
        const tokens = (await get<{ items: Token[] }>("/tokens")).items;
        clear(tokensBox);
        tokensBox.append(
          tokens.length
            ? h(
                "table",
                { class: "utrecht-table", "data-testid": "tokens" },
                h("caption", { class: "utrecht-table__caption" }, t("admin.tokensCaption", { count: tokens.length })),
                h("thead", { class: "utrecht-table__header" }, h("tr", { class: "utrecht-table__row" }, th(t("admin.tokenId"), true), th(t("admin.tokenUser")), th(t("admin.tokenName")), th(t("admin.expires")), th(t("admin.status")), th(t("admin.action")))),
                h(
                  "tbody",
                  { class: "utrecht-table__body" },
                  tokens.map((tk) =>
                    h(
                      "tr",
                      { class: "utrecht-table__row" },
                      h("td", { class: "utrecht-table__cell grip-num" }, String(tk.id)),
                      td(tk.user),
                      td(tk.name || "–"),
                      td(date(tk.expires_at)),
                      td(tk.revoked ? t("admin.revoked") : tk.expires_at * 1000 < Date.now() ? t("admin.expired") : t("admin.active")),
                      td(
                        tk.revoked
                          ? ""
                          : confirmButton(t("admin.revoke", { id: tk.id }), t("admin.revokeConfirm", { id: tk.id }), async () => {
                              await request("DELETE", `/tokens/${tk.id}`);
                              await drawTokens();
                            }),
                      ),
                    ),
                  ),
                ),
              )
            : h("p", { class: "utrecht-paragraph" }, t("admin.noTokens")),
        );
      };
      await drawTokens();
      tokenUser = field({ label: t("admin.tokenUser"), name: "token-user", options: [] });
      if (users.length) await refreshTokenUsers();
      else {
        // Without users.manage the user list is not readable: a name by hand.
        tokenUser = field({ label: t("admin.tokenUser"), name: "token-user", autocomplete: "off" });
      }
      const tokenName = field({ label: t("admin.tokenName"), name: "token-name", description: t("admin.tokenNameHelp"), autocomplete: "off" });
      const days = field({ label: t("admin.days"), name: "days", type: "number", value: "90", inputmode: "numeric", attrs: { min: "1", max: "366" } });
      const { form, message } = formOf(
        { "aria-labelledby": "add-token-heading" },
        [tokenUser.wrapper, tokenName.wrapper, days.wrapper],
        t("admin.createToken"),
      );
      form.addEventListener("submit", async (e) => {
        e.preventDefault();
        message.replaceChildren();
        days.setError(null);
        const n = Number(days.input.value);
        if (!Number.isInteger(n) || n < 1 || n > 366) {
          days.setError(t("admin.daysHelp"));
          days.input.focus();
          return;
        }
        try {
          const issued = await post<{ id: number; token: string; expires_at: number }>("/tokens", {
            user: tokenUser!.input.value,
            name: tokenName.input.value,
            expires_days: n,
          });
          message.append(
            alertBox(
              "ok",
              t("admin.tokenCreated", { id: issued.id, date: date(issued.expires_at) }),
              h("p", { class: "utrecht-paragraph" }, t("admin.tokenOnce")),
              copyable(issued.token, t("admin.tokenLabel"), "issued-token"),
            ),
          );
          await drawTokens();
        } catch (err) {
          showErrors(err, { user: tokenUser!, name: tokenName, expires_days: days }, message);
        }
      });
      main.append(h("h2", { class: "utrecht-heading-2" }, t("admin.tokens")), tokensBox, h("h3", { class: "utrecht-heading-3", id: "add-token-heading" }, t("admin.addToken")), form);
    }
    if (may(s, "catalogue.edit")) {
      main.append(
        h("h2", { class: "utrecht-heading-2" }, t("catalogue.title")),
        h("p", { class: "utrecht-paragraph" }, t("admin.catalogueIntro")),
        h("p", { class: "utrecht-paragraph" }, h("a", { href: "/beheer/catalogus", "data-nav": true, class: "utrecht-link" }, t("admin.catalogueLink"))),
      );
    }
    focusHeading(main);
  },
});
