// What a user registers most, kept in the browser (per user, no personal
// data: form keys and counts only): the type chooser puts the most-used
// types first and opens on the last one.
const storageKey = (user: string) => `grip.forms.${user}`;

interface Usage {
  last?: string;
  counts: Record<string, number>;
}

function read(user: string): Usage {
  try {
    const value = JSON.parse(localStorage.getItem(storageKey(user)) ?? "{}") as Partial<Usage>;
    return { last: value.last, counts: value.counts ?? {} };
  } catch {
    return { counts: {} };
  }
}

export function lastUsed(user: string): string | undefined {
  return read(user).last;
}

export function noteUsed(user: string, key: string): void {
  const usage = read(user);
  usage.last = key;
  usage.counts[key] = (usage.counts[key] ?? 0) + 1;
  localStorage.setItem(storageKey(user), JSON.stringify(usage));
}

export function noteChosen(user: string, key: string): void {
  const usage = read(user);
  usage.last = key;
  localStorage.setItem(storageKey(user), JSON.stringify(usage));
}

// The keys, most used first; the rest in their own order.
export function byUse<T extends { key: string }>(user: string, items: T[]): T[] {
  const counts = read(user).counts;
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => (counts[b.item.key] ?? 0) - (counts[a.item.key] ?? 0) || a.i - b.i)
    .map((x) => x.item);
}
