// Registering the programme's work where it happens: every activity type,
// aggregate type and the milestone has a form made from the catalogue, for
// a role that may write it (catalogue_forms). At the desk it stays a few
// keystrokes: the chooser opens on the last type, the most used first; the
// person is found by BSN or made new; Enter sends. Counting work (a
// campaign round, a meeting) is one record with its number, not one per
// person.
import { catalogue } from "../api/grip";
import { focusHeading, registerScreen } from "../app";
import { h } from "../dom";
import { alertBox, field } from "../form";
import { specsFor } from "../forms/catalogue_forms";
import { byUse, lastUsed, noteChosen, noteUsed } from "../forms/usage";
import { Lists, recordForm } from "../forms/record_form";
import { t } from "../i18n";

registerScreen({
  path: "/registratie",
  titleKey: "registration.title",
  // A role that writes activities, aggregates or milestones.
  allowed: (s) => ["activity", "aggregate", "milestone"].some((k) => s.write.includes(k)),
  async render(main, ctx) {
    const s = ctx.session;
    const cat = await catalogue();
    const specs = byUse(s.user, specsFor(s, cat));
    const lists = new Lists(s);
    main.append(
      h("h1", { class: "utrecht-heading-1" }, t("registration.title")),
      h("p", { class: "utrecht-paragraph", id: "registration-intro" }, t("registration.intro")),
    );
    if (!specs.length) {
      main.append(alertBox("warning", t("registration.noForms")));
      focusHeading(main);
      return;
    }
    const groups: [string, string][] = [["activity", t("forms.kind.activity")], ["aggregate", t("forms.kind.aggregate")], ["milestone", t("forms.kind.milestone")]];
    const initial = ctx.params.get("soort") ?? lastUsed(s.user);
    const chooser = field({ label: t("registration.type"), name: "form-type", options: [] });
    const select = chooser.input as HTMLSelectElement;
    for (const [kind, label] of groups) {
      const of = specs.filter((spec) => spec.kind === kind);
      if (!of.length) continue;
      select.append(h("optgroup", { label }, of.map((spec) => h("option", { value: spec.key, selected: spec.key === initial }, spec.label))));
    }
    if (!specs.some((spec) => spec.key === initial)) select.value = specs[0].key;
    const description = h("p", { class: "utrecht-paragraph grip-muted", "aria-live": "polite" });
    const status = h("div", { class: "grip-form-message", "aria-live": "polite", "data-testid": "registration-status" });
    const holder = h("div", { class: "grip-registration" });
    main.append(holder);

    let showing = 0;
    const show = async (focusFirst: boolean) => {
      const ticket = ++showing;
      const spec = specs.find((x) => x.key === select.value)!;
      description.textContent = spec.description ?? "";
      const built = await recordForm({
        spec,
        session: s,
        lists,
        status,
        submitText: t("registration.submit"),
        before: [chooser.wrapper, description],
        saved: (record) => {
          noteUsed(s.user, spec.key);
          const when = String(record.date ?? record.period ?? "");
          void show(true).then(() => status.replaceChildren(alertBox("ok", t("registration.saved", { type: spec.label, date: when }))));
        },
      });
      if (ticket !== showing) return;
      holder.replaceChildren(built.form);
      if (focusFirst) {
        // Ready for the next one: at the person when the type has one, else the first field.
        const bsn = built.form.querySelector<HTMLInputElement>('input[name="bsn"]');
        if (bsn) bsn.focus();
        else built.focus();
      }
    };
    select.addEventListener("change", () => {
      // A message about the previous type does not stay under another.
      status.replaceChildren();
      noteChosen(s.user, select.value);
      void show(false).then(() => select.focus());
    });
    await show(false);
    focusHeading(main);
  },
});
