// The interface's texts: Dutch first, English as a switch. Every text lives
// in nl.json and en.json under the same key; t() fills {name} placeholders.
import nl from "./nl.json";
import en from "./en.json";

export type Lang = "nl" | "en";
const dictionaries: Record<Lang, Record<string, string>> = { nl, en };
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

export function t(key: string, params: Record<string, string | number> = {}): string {
  const text = dictionaries[current][key] ?? dictionaries.nl[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => (name in params ? String(params[name]) : `{${name}}`));
}

export function hasText(key: string): boolean {
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
