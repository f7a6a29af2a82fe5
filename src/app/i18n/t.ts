import { signal } from '@preact/signals';
import { catalogues, type Language, type MessageKey } from './messages';

const STORAGE_KEY = 'lentera.lang';

function initialLanguage(): Language {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  return saved === 'en' || saved === 'id' ? saved : 'id';
}

/** The interface language; Bahasa Indonesia unless the user chose English. */
export const language = signal<Language>(initialLanguage());

/** Switches the language and remembers the choice on this phone. */
export function setLanguage(lang: Language): void {
  language.value = lang;
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
}

/** Catalogues registered by lazily loaded screens (the staff screens' `staff-messages.ts`). */
const registered: Record<Language, Record<string, string>> = { id: {}, en: {} };

/** Adds a lazily loaded catalogue; its module calls this once when its chunk is evaluated. */
export function registerMessages(catalogue: Record<Language, Record<string, string>>): void {
  Object.assign(registered.id, catalogue.id);
  Object.assign(registered.en, catalogue.en);
}

/** The message for `key` in the current language, with `{name}` placeholders filled. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const learner: Record<string, string> = catalogues[language.value];
  // A staff text whose catalogue is not loaded shows its key rather than crashing the screen.
  const text = learner[key] ?? registered[language.value][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** The message for `key` in every language (to recognise a text whichever language wrote it). */
export function inEveryLanguage(key: MessageKey): string[] {
  return (Object.keys(registered) as Language[]).map(
    (lang) => (catalogues[lang] as Record<string, string>)[key] ?? registered[lang][key] ?? key,
  );
}

/** Locale for `Intl` formatting of dates and numbers. */
export const locale = () => (language.value === 'id' ? 'id-ID' : 'en-GB');
