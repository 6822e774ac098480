import { searchText } from './search-text';

describe('searchText', () => {
  it.each([
    ['Dây chuyền sản xuất kẹo khóm', 'day chuyen san xuat keo khom'],
    ['ĐỨC HÒA  Long An', 'duc hoa long an'],
    ['Robot gắp gạch', 'robot gap gach'],
    ['Hợp tác xã Ưu Đàm', 'hop tac xa uu dam'],
  ])('folds %s', (input, expected) => {
    expect(searchText(input)).toBe(expected);
  });

  it('gives the same key for composed and decomposed input', () => {
    expect(searchText('kẹo'.normalize('NFC'))).toBe(searchText('kẹo'.normalize('NFD')));
  });
});
