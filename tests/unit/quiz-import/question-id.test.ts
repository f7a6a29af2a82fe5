// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { parseGift } from '../../../src/shared/quiz-import/parse-gift';

const ids = (text: string) => parseGift(text, 'a.gift').questions.map((q) => q.question.id);

const original = [
  '::Struktur APB Desa::APB Desa terdiri atas {=pendapatan, belanja, dan pembiayaan ~aset}',
  'Siapa memimpin musdes? {=Ketua BPD ~Kepala desa}',
  '::Struktur APB Desa::Pertanyaan lain dengan judul sama {T}',
].join('\n\n');

describe('derived question ids stay stable across edits that keep the question the same', () => {
  it("takes a unique title's slug, and a hash of the text for an untitled question or a shared title", () => {
    const [a, b, c] = ids(original);
    expect(a).toMatch(/^q-[0-9a-f]{12}$/); // "Struktur APB Desa" is used twice, so neither gets the slug
    expect(b).toMatch(/^q-[0-9a-f]{12}$/);
    expect(c).toMatch(/^q-[0-9a-f]{12}$/);
    expect(new Set([a, b, c]).size).toBe(3);
    expect(ids('::Struktur APB Desa::Teks {T}')).toEqual(['struktur-apb-desa']);
  });

  it('keeps every id when answers and feedback change, questions move, and spacing or case changes', () => {
    const edited = [
      '::Struktur APB Desa::Pertanyaan lain dengan judul sama {F#salah#benar}',
      'Siapa  memimpin MUSDES? {~Kepala desa#Bukan. =Ketua BPD ~Camat}',
      '::Struktur APB Desa::APB Desa terdiri atas {=pendapatan, belanja, dan pembiayaan ~aset ~utang####Pasal 73}',
    ].join('\n\n');
    const [a, b, c] = ids(original);
    expect(ids(edited)).toEqual([c, b, a]);
  });

  it("keeps a titled question's id when its text is rewritten, and changes an untitled one's", () => {
    expect(ids('::Batas waktu::Kapan? {=Oktober ~Juli}')).toEqual(
      ids('::Batas waktu::Paling lambat kapan? {=Oktober ~Juli}'),
    );
    expect(ids('Kapan? {=Oktober ~Juli}')).not.toEqual(ids('Paling lambat kapan? {=Oktober ~Juli}'));
  });

  it('gives two identical questions distinct ids in file order', () => {
    const [a, b] = ids('Sama? {T}\n\nSama? {T}');
    expect(b).toBe(`${a}-2`);
  });
});
