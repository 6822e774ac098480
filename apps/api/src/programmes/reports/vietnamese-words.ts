// Amounts in Vietnamese words, as the "Bằng chữ" line of an accounting form writes them.

const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'] as const;

/** Digit `d` (0..9) in words. */
const digit = (d: number): string => DIGITS[d] as string;

/**
 * A group of three digits (0..999) in words. A `full` group follows a higher group, so its
 * hundreds are read even when zero ("không trăm") and a lone unit takes "linh".
 */
function groupWords(n: number, full: boolean): string[] {
  const hundreds = Math.floor(n / 100);
  const tens = Math.floor(n / 10) % 10;
  const units = n % 10;
  const words: string[] = [];
  if (hundreds > 0 || full) words.push(digit(hundreds), 'trăm');
  if (tens === 0) {
    if (units > 0 && words.length > 0) words.push('linh');
  } else if (tens === 1) {
    words.push('mười');
  } else {
    words.push(digit(tens), 'mươi');
  }
  if (units === 0) return words;
  if (units === 1 && tens >= 2) words.push('mốt');
  else if (units === 5 && tens >= 1) words.push('lăm');
  else words.push(digit(units));
  return words;
}

/** A positive whole number below one billion, read group by group (nghìn, triệu). */
function belowBillion(n: number, full: boolean): string[] {
  const groups = [Math.floor(n / 1_000_000), Math.floor(n / 1000) % 1000, n % 1000];
  const scales = ['triệu', 'nghìn', ''];
  const words: string[] = [];
  groups.forEach((group, i) => {
    if (group === 0) return;
    words.push(...groupWords(group, full || words.length > 0), ...(scales[i] ? [scales[i] as string] : []));
  });
  return words;
}

/** A positive whole number in words; billions (tỷ) are read as a number of their own. */
function wholeWords(n: number, full: boolean): string[] {
  const billions = Math.floor(n / 1_000_000_000);
  const rest = n % 1_000_000_000;
  if (billions === 0) return belowBillion(rest, full);
  const words = [...wholeWords(billions, full), 'tỷ'];
  return rest === 0 ? words : [...words, ...belowBillion(rest, true)];
}

/**
 * A whole number in Vietnamese words (lower case): "nghìn", "triệu", "tỷ"; "linh" before a lone
 * unit; "mốt", "lăm" after tens; an empty inner group is left out and the next one is read in
 * full ("một triệu không trăm linh năm").
 *
 * @example
 * numberInWords(150_000_000); // 'một trăm năm mươi triệu'
 * numberInWords(21_005); // 'hai mươi mốt nghìn không trăm linh năm'
 */
export function numberInWords(value: number): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`Not a whole number of đồng: ${value}`);
  if (value === 0) return 'không';
  const words = wholeWords(Math.abs(value), false);
  return (value < 0 ? ['âm', ...words] : words).join(' ');
}

/**
 * An amount of đồng as the "Bằng chữ" line writes it: capitalised, ending in "đồng".
 *
 * @example
 * vndInWords(150_000_000); // 'Một trăm năm mươi triệu đồng'
 */
export function vndInWords(amount: number): string {
  const words = `${numberInWords(amount)} đồng`;
  return words.charAt(0).toUpperCase() + words.slice(1);
}
