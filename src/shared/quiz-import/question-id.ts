// Question ids for files that carry none (every file Moodle writes). An id must survive the edits
// an author makes to a question without changing which question it is — fixing a typo in a wrong
// choice, adding feedback, moving it in the file — because attempts and grades on the server refer
// to it. So it is taken from the question's title, or, for an untitled one, from its own text.

const ID_FORMAT = /^[a-z0-9][a-z0-9-]{0,79}$/;

/** True for ids the quiz model accepts (lowercase letters, digits and dashes, up to 80). */
export function isQuestionId(id: string): boolean {
  return ID_FORMAT.test(id);
}

/** `Struktur APB Desa` → `struktur-apb-desa`; accents dropped, at most 60 characters, '' when nothing is left. */
export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 60)
    .replace(/^-+|-+$/g, '');
}

/** Case, spacing and Unicode form do not make a different question. */
function normalise(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

/**
 * 64-bit FNV-1a over the UTF-8 bytes: synchronous and the same in the browser, the server and the
 * CLI. It names questions, it does not protect anything, so a cryptographic hash is not needed.
 */
function fnv1a64(text: string): string {
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    hash = ((hash ^ BigInt(byte)) * FNV_PRIME) & MASK;
  }
  return hash.toString(16).padStart(16, '0');
}

/** The id of an untitled question: `q-` and 12 hex digits of the hash of its normalised text. */
export function textId(text: string): string {
  return `q-${fnv1a64(normalise(text)).slice(0, 12)}`;
}

export interface IdCandidate {
  /** An id the author wrote (`// id: x` or Moodle's `// [id:x]`), already checked. */
  explicit?: string;
  title?: string;
  /** The question text as imported, used when there is no usable title. */
  text: string;
}

/**
 * Gives every question an id: the author's own, else the title's slug when no other question of
 * the file has the same one, else a hash of the title and text. Two questions that are the same
 * in every way get `-2`, `-3` in file order, the only case where order matters.
 */
export function assignQuestionIds(candidates: readonly IdCandidate[]): string[] {
  const slugCount = new Map<string, number>();
  for (const c of candidates) {
    const slug = c.title ? slugify(c.title) : '';
    if (!c.explicit && slug) slugCount.set(slug, (slugCount.get(slug) ?? 0) + 1);
  }
  const taken = new Set(candidates.flatMap((c) => (c.explicit ? [c.explicit] : [])));
  return candidates.map((c) => {
    if (c.explicit) return c.explicit;
    const slug = c.title ? slugify(c.title) : '';
    const base = slug && slugCount.get(slug) === 1 && !taken.has(slug) ? slug : textId(`${c.title ?? ''}\n${c.text}`);
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    return id;
  });
}
