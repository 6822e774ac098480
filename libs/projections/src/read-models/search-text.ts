/**
 * Text for searching without regard to Vietnamese diacritics: "Kẹo khóm Đức Hòa" and
 * "keo khom duc hoa" give the same key. Tone and vowel marks are dropped by Unicode
 * decomposition; đ/Đ has no decomposition and is mapped by hand.
 *
 * @example
 * searchText('Dây chuyền KẸO KHÓM') // 'day chuyen keo khom'
 */
export function searchText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
