import { numberInWords, vndInWords } from './vietnamese-words';

describe('numberInWords', () => {
  it.each([
    [0, 'không'],
    [1, 'một'],
    [5, 'năm'],
    [10, 'mười'],
    [11, 'mười một'],
    [15, 'mười lăm'],
    [20, 'hai mươi'],
    [21, 'hai mươi mốt'],
    [24, 'hai mươi bốn'],
    [25, 'hai mươi lăm'],
    [100, 'một trăm'],
    [105, 'một trăm linh năm'],
    [110, 'một trăm mười'],
    [115, 'một trăm mười lăm'],
    [1000, 'một nghìn'],
    [1001, 'một nghìn không trăm linh một'],
    [1010, 'một nghìn không trăm mười'],
    [21_005, 'hai mươi mốt nghìn không trăm linh năm'],
    [150_000_000, 'một trăm năm mươi triệu'],
    [1_000_005, 'một triệu không trăm linh năm'],
    [1_050_000, 'một triệu không trăm năm mươi nghìn'],
    [2_000_010, 'hai triệu không trăm mười'],
    [1_000_000_000, 'một tỷ'],
    [1_500_000_000, 'một tỷ năm trăm triệu'],
    [2_000_000_001, 'hai tỷ không trăm linh một'],
    [1_500_000_000_000, 'một nghìn năm trăm tỷ'],
    [1_234_567_890, 'một tỷ hai trăm ba mươi bốn triệu năm trăm sáu mươi bảy nghìn tám trăm chín mươi'],
    [-5_000, 'âm năm nghìn'],
  ])('%d → %s', (value, words) => {
    expect(numberInWords(value)).toBe(words);
  });

  it('refuses fractions and unsafe integers', () => {
    expect(() => numberInWords(1.5)).toThrow(RangeError);
    expect(() => numberInWords(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
  });
});

describe('vndInWords', () => {
  it('writes the "Bằng chữ" line: capitalised, in đồng', () => {
    expect(vndInWords(150_000_000)).toBe('Một trăm năm mươi triệu đồng');
    expect(vndInWords(248_000_000)).toBe('Hai trăm bốn mươi tám triệu đồng');
    expect(vndInWords(0)).toBe('Không đồng');
  });
});
