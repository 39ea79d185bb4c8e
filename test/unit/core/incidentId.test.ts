import { formatIncidentId, parseIncidentId } from '../../../src/core/incidentId';

describe('formatIncidentId', () => {
  it('writes an incident number as INC-<n>', () => {
    expect(formatIncidentId(1)).toBe('INC-1');
    expect(formatIncidentId(42)).toBe('INC-42');
  });
});

describe('parseIncidentId', () => {
  it.each([
    ['INC-3', 3],
    ['inc-3', 3],
    ['Inc-3', 3],
    ['#3', 3],
    ['3', 3],
    ['INC-42', 42],
    ['#1000', 1000],
    ['123456789', 123456789],
  ])('reads %p as incident %d', (word, number) => {
    expect(parseIncidentId(word)).toBe(number);
  });

  it.each([
    '',
    'INC-',
    'INC',
    '#',
    'INC-0',
    '0',
    '#0',
    '03',
    'inc-007',
    '-3',
    '3.5',
    'INC3',
    'INC-3x',
    'INC--3',
    '##3',
    '# 3',
    ' 3',
    '3 ',
    'INC-1234567890',
    'investigating',
    'three',
  ])('does not take %p for an incident ID', (word) => {
    expect(parseIncidentId(word)).toBeUndefined();
  });

  it('reads back every ID it writes', () => {
    for (const number of [1, 2, 9, 10, 99, 12345]) {
      expect(parseIncidentId(formatIncidentId(number))).toBe(number);
    }
  });
});
