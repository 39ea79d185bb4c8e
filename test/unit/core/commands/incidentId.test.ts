import {
  formatIncidentId,
  formatMaintenanceId,
  parseIncidentId,
  parseMaintenanceId,
} from '../../../../src/core/commands/incidentId';

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

  it.each([
    ['INC-2:', 2],
    ['INC-2,', 2],
    ['inc-2.', 2],
    ['#2:', 2],
    ['2,', 2],
  ])('ignores one trailing punctuation mark, as in "close %s done"', (word, number) => {
    expect(parseIncidentId(word)).toBe(number);
  });

  it.each(['INC-2::', 'INC-2;', 'INC-2!', 'INC-2:x'])('still refuses %p', (word) => {
    expect(parseIncidentId(word)).toBeUndefined();
  });

  it('reads back every ID it writes', () => {
    for (const number of [1, 2, 9, 10, 99, 12345]) {
      expect(parseIncidentId(formatIncidentId(number))).toBe(number);
    }
  });
});

describe('maintenance IDs', () => {
  it('writes a maintenance number as MNT-<n>', () => {
    expect(formatMaintenanceId(4)).toBe('MNT-4');
  });

  it.each([
    ['MNT-4', 4],
    ['mnt-4', 4],
    ['4', 4],
    ['MNT-4:', 4],
  ])('reads %p as maintenance %d', (word, number) => {
    expect(parseMaintenanceId(word)).toBe(number);
  });

  it.each(['', 'MNT-', 'MNT-0', 'INC-4', '#4', 'maintenance'])(
    'does not take %p for a maintenance ID',
    (word) => {
      expect(parseMaintenanceId(word)).toBeUndefined();
    },
  );

  it('reads back every ID it writes', () => {
    for (const number of [1, 7, 250]) expect(parseMaintenanceId(formatMaintenanceId(number))).toBe(number);
  });
});
