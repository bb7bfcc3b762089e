// The interface's texts: Dutch first, English as a switch. Every text lives
// in nl.json and en.json under the same key; t() fills {name} placeholders.
// The keys are a type made from nl.json (resolveJsonModule): t() takes only
// a key that exists, and tsc fails when en.json lacks a key of nl.json or has
// one nl.json does not.
import nl from "./nl.json";
import en from "./en.json";

export type Lang = "nl" | "en";
export type TextKey = keyof typeof nl;
const english: Record<TextKey, string> = en;
const dutchHasEveryEnglishKey: Record<keyof typeof en, string> = nl;
const dictionaries: Record<Lang, Record<string, string>> = { nl, en: english };
void dutchHasEveryEnglishKey;
const storageKey = "grip.lang";

let current: Lang = (localStorage.getItem(storageKey) as Lang | null) === "en" ? "en" : "nl";

export function lang(): Lang {
  return current;
}

export function setLang(next: Lang): void {
  current = next;
  localStorage.setItem(storageKey, next);
  document.documentElement.lang = next;
}

export function t(key: TextKey, params: Record<string, string | number> = {}): string {
  return fill(dictionaries[current][key] ?? dictionaries.nl[key] ?? key, params);
}

// A key made at run time (from a code the server sends: a state, a reason):
// its text if there is one, else the key itself. Prefer t() with a key
// written out, which tsc checks.
export function textOf(key: string, params: Record<string, string | number> = {}): string {
  return fill(dictionaries[current][key] ?? dictionaries.nl[key] ?? key, params);
}

function fill(text: string, params: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, name: string) => (name in params ? String(params[name]) : `{${name}}`));
}

export function hasText(key: string): key is TextKey {
  return key in dictionaries[current] || key in dictionaries.nl;
}

// Numbers in the house style of the language: 1.234 in Dutch, 1,234 in English.
export function formatNumber(value: number, digits = 0): string {
  return value.toLocaleString(current === "nl" ? "nl-NL" : "en-GB", {
    minimumFractionDigits: 0,
    maximumFractionDigits: digits,
  });
}

document.documentElement.lang = current;
