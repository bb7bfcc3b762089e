// Which registration forms a session gets, from the catalogue the server
// runs on (GET /api/v1/catalogue) and the session's rights (roles.json): a
// form for every activity type, aggregate type and the milestone, for a
// role that writes that kind of record and can fill the links the type
// has. No type is named here: a type that beheer adds has its form at the
// server's next start, without a new build of the interface.
import { Session } from "../api/client";
import { Attribute, Catalogue } from "../api/grip";
import { t } from "../i18n";

export type FormKind = "activity" | "aggregate" | "milestone";

export interface FormSpec {
  key: string; // "activity:digid_hulp", "aggregate:boete_nla", "milestone"
  kind: FormKind;
  code: string;
  label: string;
  description?: string;
  links: string[];
  attributes: Attribute[];
}

// The links an activity type may have, in the order of the form: where and
// for whom it was done first, then what it is about.
export const linkOrder = ["location", "organisation", "area", "count", "person", "address", "parent"];

// The links the form asks for; `parent` (the activity it is part of) is optional.
export function requiredLink(link: string): boolean {
  return link !== "parent";
}

// An own-scope user registers only what belongs to their organisation or
// one of their locations: without an organisation, the location tells.
export function needsOwnLocation(s: Session): boolean {
  return s.scope === "own" && !s.organisation;
}

function canFill(s: Session, link: string): boolean {
  switch (link) {
    case "person":
      return s.personal_data && s.read.includes("person");
    case "address":
      return s.personal_data && s.read.includes("address");
    case "location":
      return s.locations.length > 0 || s.read.includes("location");
    case "organisation":
      return Boolean(s.organisation) || s.read.includes("organisation");
    case "area":
      return s.read.includes("area");
    case "parent":
      return s.read.includes("activity");
    case "count":
      return true;
    default:
      // A link this interface does not know: the form cannot fill it.
      return false;
  }
}

export function mayFill(s: Session, spec: FormSpec): boolean {
  if (!s.write.includes(spec.kind)) return false;
  if (spec.kind === "milestone") return true;
  // An own-scope record must be the user's: their organisation, or (an activity) one of their locations.
  if (s.scope === "own" && !s.organisation && (spec.kind === "aggregate" || s.locations.length === 0)) return false;
  return spec.links.filter(requiredLink).every((link) => canFill(s, link)) && spec.links.every((link) => linkOrder.includes(link));
}

export function formSpecs(cat: Catalogue): FormSpec[] {
  const out: FormSpec[] = cat.activity_types.map((a) => ({
    key: `activity:${a.code}`,
    kind: "activity",
    code: a.code,
    label: a.label,
    description: a.description,
    links: a.links ?? [],
    attributes: a.attributes ?? [],
  }));
  for (const g of cat.aggregate_types ?? [])
    out.push({ key: `aggregate:${g.code}`, kind: "aggregate", code: g.code, label: g.label, description: g.description, links: ["area", "organisation"], attributes: [] });
  out.push({ key: "milestone", kind: "milestone", code: "", label: t("forms.milestone"), links: [], attributes: [] });
  return out;
}

export function specsFor(s: Session, cat: Catalogue): FormSpec[] {
  return formSpecs(cat).filter((spec) => mayFill(s, spec));
}

export function specOf(cat: Catalogue, kind: string, type: string): FormSpec | undefined {
  return formSpecs(cat).find((spec) => spec.kind === kind && (kind === "milestone" || spec.code === type));
}
