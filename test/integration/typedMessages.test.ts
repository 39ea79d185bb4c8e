import { REPLY_MAX_UTF16 } from '../../src/adapters/teams/reply';
import { createTestApp, type ActivityOptions, type TestApp } from '../support/testApp';

// What people type under stress, and the reading each must get, through the signed HTTP handler with state in
// Azurite. The rule (README "Commands"): an ID looks like an ID (`INC-2`, `#2`, `inc-2`, `inc 2`; a bare `2` only
// alone or before a non-prose argument); a status or impact word is syntax only in the forms the grammar defines;
// `update` never resolves; a message that can be read two ways gets one line naming both and changes nothing.

interface IncidentSeen {
  id: string;
  title: string;
  status: string;
  impact: string;
  updates: { message: string; status: string; headline?: string }[];
  timeline: { kind: string; text: string }[];
}

/** What the message must do to the state: nothing, or this to one incident. */
type Effect =
  | { unchanged: true }
  /** A change that is not about one incident's fields (undo). */
  | { changed: true }
  | {
      incident: string;
      status?: string;
      impact?: string;
      title?: string;
      /** The incident's latest public update. */
      message?: string;
      headline?: string;
      /** The latest internal timeline entry. */
      note?: string;
    };

interface Row {
  /** Sent first, each must succeed; `{ text, user }` for another sender than Ada Lovelace. */
  given?: readonly (string | { text: string; user: string })[];
  send: string;
  /** The sender, when not Ada Lovelace with her Entra object ID. */
  as?: ActivityOptions;
  /** The reading, in words: the test's name. */
  reads: string;
  reply: RegExp;
  effect: Effect;
}

const ONE = ['open Chat is down | Investigating'];
const TWO = ['open Chat is down', 'open Files are slow'];
const UNCHANGED = { unchanged: true } as const;

const ROWS: readonly Row[] = [
  // `update` never resolves; a status is syntax only in its forms.
  {
    given: ONE,
    send: 'update Closed VPN accounts cannot log in either',
    reads: 'a message starting with "Closed"; the incident stays open',
    reply: /Updated INC-1 \(investigating\)/,
    effect: {
      incident: 'INC-1',
      status: 'investigating',
      message: 'Closed VPN accounts cannot log in either',
    },
  },
  {
    given: ONE,
    send: 'update fixed: nothing yet, still looking',
    reads: 'two readings (resolve, or a message starting "fixed:"), nothing changed',
    reply:
      /^Two readings, so nothing was changed: an update never resolves\. To resolve, type "close nothing yet, still looking"/,
    effect: UNCHANGED,
  },
  {
    given: ONE,
    send: 'update Monitoring is also down, so we are blind',
    reads: 'a message starting with "Monitoring"; the status stays investigating',
    reply: /Updated INC-1 \(investigating\)/,
    effect: {
      incident: 'INC-1',
      status: 'investigating',
      message: 'Monitoring is also down, so we are blind',
    },
  },
  {
    given: ONE,
    send: 'update monitoring is also down',
    reads: 'two readings (status monitoring, or a message about monitoring), nothing changed',
    reply:
      /^Two readings, so nothing was changed: "monitoring" may be the status .*"update monitoring: is also down".*"update \| monitoring is also down"/,
    effect: UNCHANGED,
  },
  {
    given: ONE,
    send: 'update monitoring Fix deployed',
    reads: 'status monitoring, message "Fix deployed"',
    reply: /Updated INC-1 \(monitoring\)/,
    effect: { incident: 'INC-1', status: 'monitoring', message: 'Fix deployed' },
  },
  {
    given: ONE,
    send: 'update identified: Bad deploy',
    reads: 'status identified (colon form)',
    reply: /Updated INC-1 \(identified\)/,
    effect: { incident: 'INC-1', status: 'identified', message: 'Bad deploy' },
  },
  {
    given: ONE,
    send: 'update Identified: Bad deploy',
    reads: 'status identified (capitalised, with a colon)',
    reply: /Updated INC-1 \(identified\)/,
    effect: { incident: 'INC-1', status: 'identified', message: 'Bad deploy' },
  },
  {
    given: ONE,
    send: 'update IDENTIFIED bad deploy',
    reads: 'status identified (capitals)',
    reply: /Updated INC-1 \(identified\)/,
    effect: { incident: 'INC-1', status: 'identified', message: 'bad deploy' },
  },
  {
    given: ONE,
    send: 'update Identified the bad deploy, rolling back',
    reads: 'a message starting with "Identified"; the status stays investigating',
    reply: /Updated INC-1 \(investigating\)/,
    effect: {
      incident: 'INC-1',
      status: 'investigating',
      message: 'Identified the bad deploy, rolling back',
    },
  },
  {
    given: ONE,
    send: 'update resolved all good',
    reads: 'two readings, nothing changed (update never resolves)',
    reply: /^Two readings, so nothing was changed: an update never resolves\./,
    effect: UNCHANGED,
  },
  {
    given: ONE,
    send: 'update INC-1 resolved',
    reads: 'two readings, naming close INC-1',
    reply: /"close INC-1 "/,
    effect: UNCHANGED,
  },
  {
    given: ONE,
    send: 'update INC-1 Fixed the cache, watching',
    reads: 'a message starting with "Fixed"',
    reply: /Updated INC-1 \(investigating\)/,
    effect: { incident: 'INC-1', status: 'investigating', message: 'Fixed the cache, watching' },
  },
  {
    given: ONE,
    send: 'update | fixed: nothing yet',
    reads: 'the "|" escape: the whole text is the message',
    reply: /Updated INC-1 \(investigating\)/,
    effect: { incident: 'INC-1', status: 'investigating', message: 'fixed: nothing yet' },
  },
  {
    given: ONE,
    send: 'update monitoring',
    reads: 'a status without a message: refused',
    reply: /Say what changed after "monitoring"/,
    effect: UNCHANGED,
  },
  {
    given: ONE,
    send: 'update INC-1: identified cause found',
    reads: 'ID with a colon, then the status',
    reply: /Updated INC-1 \(identified\)/,
    effect: { incident: 'INC-1', status: 'identified', message: 'cause found' },
  },
  {
    given: ONE,
    send: 'update INC-1 observing Fix deployed',
    reads: '"observing" is monitoring',
    reply: /Updated INC-1 \(monitoring\)/,
    effect: { incident: 'INC-1', status: 'monitoring', message: 'Fix deployed' },
  },
  {
    given: ONE,
    send: 'update acknowledged on it',
    reads: '"acknowledged" is investigating',
    reply: /Updated INC-1 \(investigating\)/,
    effect: { incident: 'INC-1', status: 'investigating', message: 'on it' },
  },
  {
    given: ONE,
    send: 'update identified, cause is a bad certificate',
    reads: 'status with a comma',
    reply: /Updated INC-1 \(identified\)/,
    effect: { incident: 'INC-1', status: 'identified', message: 'cause is a bad certificate' },
  },
  {
    given: ONE,
    send: 'Update: monitoring Fix deployed',
    reads: 'a capitalised verb with a colon',
    reply: /Updated INC-1 \(monitoring\)/,
    effect: { incident: 'INC-1', status: 'monitoring', message: 'Fix deployed' },
  },
  // "|" is syntax only after a status.
  {
    given: ONE,
    send: 'update INC-1 errors when running grep foo | wc -l',
    reads: 'a shell pipe stays in the message',
    reply: /Updated INC-1/,
    effect: { incident: 'INC-1', message: 'errors when running grep foo | wc -l' },
  },
  {
    given: ONE,
    send: 'update INC-1 identified | Bad rule | Dropping traffic',
    reads: 'the headline form',
    reply: /Updated INC-1 \(identified\)/,
    effect: { incident: 'INC-1', status: 'identified', headline: 'Bad rule', message: 'Dropping traffic' },
  },
  {
    given: ONE,
    send: 'update identified | Cause found, rolling back',
    reads: 'status | message',
    reply: /Updated INC-1 \(identified\)/,
    effect: { incident: 'INC-1', status: 'identified', message: 'Cause found, rolling back' },
  },
  // IDs look like IDs.
  {
    given: TWO,
    send: 'update 2 of 3 regions recovered',
    reads: '"2" is prose; two open, so it asks which',
    reply: /2 incidents are open: INC-1 \(Chat is down\), INC-2 \(Files are slow\)\. Say which one/,
    effect: UNCHANGED,
  },
  {
    given: TWO,
    send: 'close 1 more region to go',
    reads: '"1" is prose; two open, so it asks which',
    reply: /2 incidents are open/,
    effect: UNCHANGED,
  },
  {
    given: TWO,
    send: 'note 2 people paged',
    reads: '"2" is prose; two open, so it asks which',
    reply: /2 incidents are open/,
    effect: UNCHANGED,
  },
  {
    given: ONE,
    send: 'note 2 people paged',
    reads: 'one open: the note keeps its "2"',
    reply: /Noted on the INC-1 timeline/,
    effect: { incident: 'INC-1', note: '2 people paged' },
  },
  {
    given: ONE,
    send: 'update 2 of 3 regions recovered',
    reads: 'one open: the message keeps its "2"',
    reply: /Updated INC-1/,
    effect: { incident: 'INC-1', message: '2 of 3 regions recovered' },
  },
  {
    given: TWO,
    send: 'close inc 1',
    reads: '"inc 1" is INC-1, not its message',
    reply: /Resolved INC-1/,
    effect: { incident: 'INC-1', status: 'resolved', message: 'This incident has been resolved.' },
  },
  {
    given: TWO,
    send: 'close INC-2 Freed the disk',
    reads: 'INC-2 with a message',
    reply: /Resolved INC-2/,
    effect: { incident: 'INC-2', status: 'resolved', message: 'Freed the disk' },
  },
  {
    given: TWO,
    send: 'close #2',
    reads: '"#2" is INC-2',
    reply: /Resolved INC-2/,
    effect: { incident: 'INC-2', status: 'resolved' },
  },
  {
    given: TWO,
    send: 'close 2',
    reads: 'a bare "2" alone is INC-2',
    reply: /Resolved INC-2/,
    effect: { incident: 'INC-2', status: 'resolved' },
  },
  {
    given: TWO,
    send: 'close inc-2 done',
    reads: '"inc-2" is INC-2',
    reply: /Resolved INC-2/,
    effect: { incident: 'INC-2', status: 'resolved', message: 'done' },
  },
  {
    given: TWO,
    send: 'update INC-2 monitoring Disk freed',
    reads: 'INC-2 to monitoring',
    reply: /Updated INC-2 \(monitoring\)/,
    effect: { incident: 'INC-2', status: 'monitoring', message: 'Disk freed' },
  },
  {
    given: TWO,
    send: 'update #2 identified Disk full',
    reads: '"#2" then a status',
    reply: /Updated INC-2 \(identified\)/,
    effect: { incident: 'INC-2', status: 'identified', message: 'Disk full' },
  },
  {
    given: ONE,
    send: 'update inc 1 Still looking',
    reads: '"inc 1" is INC-1',
    reply: /Updated INC-1/,
    effect: { incident: 'INC-1', message: 'Still looking' },
  },
  {
    given: ONE,
    send: 'update 1',
    reads: 'a bare "1" alone is the ID; an update needs a message',
    reply: /An update needs a message/,
    effect: UNCHANGED,
  },
  {
    given: ONE,
    send: 'close INC-9',
    reads: 'an incident that does not exist',
    reply: /There is no incident INC-9/,
    effect: UNCHANGED,
  },
  {
    given: ONE,
    send: 'impact 1 critical',
    reads: 'a bare "1" before an impact word is the ID',
    reply: /INC-1/,
    effect: { incident: 'INC-1', impact: 'critical' },
  },
  {
    given: ONE,
    send: 'impact INC-1 sev1',
    reads: 'sev1 is critical',
    reply: /INC-1/,
    effect: { incident: 'INC-1', impact: 'critical' },
  },
  {
    given: [...ONE, 'close INC-1'],
    send: 'reopen 1 Errors are back',
    reads: 'reopen needs an ID, so a bare "1" is it',
    reply: /INC-1/,
    effect: { incident: 'INC-1', status: 'investigating', message: 'Errors are back' },
  },
  // Impact words in `open`.
  {
    send: 'open none of the printers in Building 4 work',
    reads: '"none" is the title\'s first word; impact major',
    reply: /Opened INC-1: none of the printers in Building 4 work/,
    effect: { incident: 'INC-1', title: 'none of the printers in Building 4 work', impact: 'major' },
  },
  {
    send: 'open none: Printers restart tonight',
    reads: 'impact none with a colon',
    reply: /Opened INC-1: Printers restart tonight/,
    effect: { incident: 'INC-1', title: 'Printers restart tonight', impact: 'none' },
  },
  {
    send: 'open critical Chat is down',
    reads: 'impact critical before a capitalised title',
    reply: /Opened INC-1: Chat is down \(investigating, critical impact\)/,
    effect: { incident: 'INC-1', title: 'Chat is down', impact: 'critical' },
  },
  {
    send: 'open major [Chat] Chat is down',
    reads: 'impact before components',
    reply: /Opened INC-1: Chat is down/,
    effect: { incident: 'INC-1', title: 'Chat is down', impact: 'major' },
  },
  {
    send: 'open minor outage in EU',
    reads: 'two readings (impact minor, or the title "minor outage in EU"), nothing changed',
    reply:
      /^Two readings, so nothing was changed: "minor" may be the impact \(type "open minor: outage in EU"\) or part of the title \(type "open "minor outage in EU""\)\.$/,
    effect: UNCHANGED,
  },
  {
    send: 'open "minor outage in EU"',
    reads: 'a quoted title, word for word',
    reply: /Opened INC-1: minor outage in EU \(investigating, major impact\)/,
    effect: { incident: 'INC-1', title: 'minor outage in EU', impact: 'major' },
  },
  {
    send: 'open Major outage in EU',
    reads: "a capitalised word is the title's",
    reply: /Opened INC-1: Major outage in EU/,
    effect: { incident: 'INC-1', title: 'Major outage in EU', impact: 'major' },
  },
  {
    send: 'sev1 open Database down',
    reads: '"sev1 open" opens a critical incident',
    reply: /Opened INC-1: Database down \(investigating, critical impact\)/,
    effect: { incident: 'INC-1', title: 'Database down', impact: 'critical' },
  },
  {
    send: 'SEV2 Database down',
    reads: '"SEV2 <title>" opens a major incident',
    reply: /Opened INC-1: Database down \(investigating, major impact\)/,
    effect: { incident: 'INC-1', title: 'Database down', impact: 'major' },
  },
  {
    send: 'open sev3 Printer queue slow',
    reads: 'sev3 is minor',
    reply: /minor impact/,
    effect: { incident: 'INC-1', title: 'Printer queue slow', impact: 'minor' },
  },
  {
    send: 'Open: DB down',
    reads: 'a verb with a colon',
    reply: /Opened INC-1: DB down/,
    effect: { incident: 'INC-1', title: 'DB down' },
  },
  {
    send: 'open',
    reads: 'no title: refused',
    reply: /An incident needs a title/,
    effect: UNCHANGED,
  },
  // The verbs people type.
  {
    given: ONE,
    send: 'ack',
    reads: 'an internal acknowledgement on the only open incident',
    reply: /Noted on the INC-1 timeline \(internal\)/,
    effect: { incident: 'INC-1', status: 'investigating', note: 'Acknowledged.' },
  },
  {
    given: TWO,
    send: 'acknowledge INC-2 on it',
    reads: 'acknowledge with an ID and words',
    reply: /Noted on the INC-2 timeline/,
    effect: { incident: 'INC-2', note: 'Acknowledged: on it' },
  },
  {
    given: ONE,
    send: 'ACK!',
    reads: 'capitals and punctuation',
    reply: /Noted on the INC-1 timeline/,
    effect: { incident: 'INC-1', note: 'Acknowledged.' },
  },
  {
    given: ONE,
    send: 'resolve',
    reads: 'resolve is close',
    reply: /Resolved INC-1/,
    effect: { incident: 'INC-1', status: 'resolved' },
  },
  {
    given: TWO,
    send: 'resolved INC-1',
    reads: 'resolved is close',
    reply: /Resolved INC-1/,
    effect: { incident: 'INC-1', status: 'resolved' },
  },
  {
    given: ONE,
    send: 'Resolved: INC-1 Back to normal',
    reads: 'resolved with a colon, an ID and a message',
    reply: /Resolved INC-1/,
    effect: { incident: 'INC-1', status: 'resolved', message: 'Back to normal' },
  },
  {
    given: ONE,
    send: 'close.',
    reads: 'close with a full stop',
    reply: /Resolved INC-1/,
    effect: { incident: 'INC-1', status: 'resolved' },
  },
  {
    given: ONE,
    send: 'close Closed VPN accounts unlocked',
    reads: 'close says it: resolved, with the message',
    reply: /Resolved INC-1/,
    effect: { incident: 'INC-1', status: 'resolved', message: 'Closed VPN accounts unlocked' },
  },
  {
    given: ONE,
    send: 'status',
    reads: 'status shows what is open',
    reply: /^1 open incident:\n- INC-1/,
    effect: UNCHANGED,
  },
  {
    send: 'status',
    reads: 'status with nothing open',
    reply: /No incident is open/,
    effect: UNCHANGED,
  },
  {
    given: ONE,
    send: 'list?',
    reads: 'a question mark after the verb',
    reply: /^1 open incident:/,
    effect: UNCHANGED,
  },
  { given: ONE, send: 'LIST', reads: 'a verb in capitals', reply: /^1 open incident:/, effect: UNCHANGED },
  {
    given: ONE,
    send: 'updte INC-1 still looking',
    reads: 'a near miss: "did you mean", with the update form, nothing changed',
    reply: /^"updte" is not a command\. Did you mean "update INC-1 still looking"\?\n\nUsage: update/,
    effect: UNCHANGED,
  },
  {
    send: 'opne DB down',
    reads: 'a near miss of open',
    reply: /Did you mean "open DB down"\?/,
    effect: UNCHANGED,
  },
  {
    given: ONE,
    send: 'clsoe',
    reads: 'two letters swapped',
    reply: /Did you mean "close"\?/,
    effect: UNCHANGED,
  },
  { send: 'hlep', reads: 'a near miss of help', reply: /Did you mean "help"\?/, effect: UNCHANGED },
  {
    given: ONE,
    send: 'stauts',
    reads: 'a near miss of the alias status',
    reply: /Did you mean "list"\?/,
    effect: UNCHANGED,
  },
  {
    send: 'banana bread',
    reads: 'nothing close: the command list',
    reply: /^"banana" is not a command\.\n\nCommands: open, update, close/,
    effect: UNCHANGED,
  },
  {
    send: 'hello',
    reads: 'a greeting is not a near miss of help',
    reply: /Commands: open, update/,
    effect: UNCHANGED,
  },
  { send: '', reads: 'only the mention', reply: /The message had no command/, effect: UNCHANGED },
  { send: 'help', reads: 'the command list', reply: /^Commands for Contoso status/, effect: UNCHANGED },
  { send: 'help update', reads: 'one command in detail', reply: /^update \[<id>\]/, effect: UNCHANGED },
  // Promises: durations with a space, IDs beside them.
  {
    given: ONE,
    send: 'eta 30 min',
    reads: '"30 min" is a time, not an ID',
    reply: /INC-1: estimated resolution/,
    effect: { incident: 'INC-1' },
  },
  {
    given: ONE,
    send: 'next 15 min',
    reads: '"15 min" is a time',
    reply: /INC-1: next update by/,
    effect: { incident: 'INC-1' },
  },
  {
    given: ONE,
    send: 'eta 1 2h',
    reads: 'a bare "1" before a time is the ID',
    reply: /INC-1: estimated resolution/,
    effect: { incident: 'INC-1' },
  },
  {
    given: ONE,
    send: 'next INC-1 in 30 minutes',
    reads: '"in 30 minutes"',
    reply: /INC-1: next update by/,
    effect: { incident: 'INC-1' },
  },
  {
    given: TWO,
    send: 'eta 30 min',
    reads: 'two open: it asks which',
    reply: /2 incidents are open/,
    effect: UNCHANGED,
  },
  {
    given: ONE,
    send: 'eta banana',
    reads: 'not a time: refused',
    reply: /"banana" is not a time/,
    effect: UNCHANGED,
  },
  // No silent duplicates.
  {
    given: ['open Chat is down | Investigating'],
    send: 'open chat is DOWN!',
    reads: 'the same title as an open incident: named, with how to open anyway, nothing changed',
    reply:
      /^INC-1 "Chat is down" is open and has the same title, so nothing was opened\. To post to it: "update INC-1 <message>"\. To open a separate incident anyway: "open new chat is DOWN!"\.$/,
    effect: UNCHANGED,
  },
  {
    given: ['open [Chat] Messages are delayed'],
    send: 'open major [Chat, Files] Collaboration is down',
    reads: 'a component shared with an open incident: named, nothing changed',
    reply: /^INC-1 "Messages are delayed" is open and is about Chat too/,
    effect: UNCHANGED,
  },
  {
    given: ['open Chat is down | Investigating'],
    send: 'open new Chat is down',
    reads: '"open new" opens a second incident anyway',
    reply: /Opened INC-2: Chat is down/,
    effect: { incident: 'INC-2', title: 'Chat is down' },
  },
  {
    given: ['open [Chat] Chat is down'],
    send: 'open! [Chat] Chat is down in EU',
    reads: '"open!" opens anyway',
    reply: /Opened INC-2: Chat is down in EU/,
    effect: { incident: 'INC-2', title: 'Chat is down in EU' },
  },
  {
    given: ['open Chat is down', 'close INC-1'],
    send: 'open Chat is down',
    reads: 'a resolved incident of the same title is no duplicate',
    reply: /Opened INC-2: Chat is down/,
    effect: { incident: 'INC-2', title: 'Chat is down' },
  },
  // Ownership: edit and undo need the sender's Entra object ID, and touch only the sender's own.
  {
    given: [...ONE, { text: 'update identified Cause found', user: 'Grace Hopper' }],
    send: 'edit Looking into login errors',
    reads: "edit changes the sender's own update, not a colleague's newer one",
    reply: /Edited your update INC-1-1 of INC-1/,
    effect: { incident: 'INC-1', status: 'identified', message: 'Cause found' },
  },
  {
    given: [...ONE, { text: 'update identified Cause found', user: 'Grace Hopper' }],
    send: 'edit INC-1-2 Cause not found',
    reads: "a colleague's update named by its ID: refused",
    reply: /^INC-1-2 was posted by Grace Hopper; only its author can edit it\./,
    effect: UNCHANGED,
  },
  {
    given: ONE,
    send: 'edit Typo fixed',
    as: { aadObjectId: null },
    reads: 'edit without an Entra object ID: refused, saying why',
    reply: /^Editing needs your Entra object ID/,
    effect: UNCHANGED,
  },
  {
    given: ONE,
    send: 'undo',
    as: { aadObjectId: null },
    reads: 'undo without an Entra object ID: refused, saying why',
    reply: /^Undo needs your Entra object ID/,
    effect: UNCHANGED,
  },
  {
    given: ONE,
    send: 'undo',
    reads: 'undo of your own change',
    reply: /Undid|undid|Undone|undone/,
    effect: { changed: true },
  },
  // Time as people mean it.
  {
    send: 'maintenance now for 1h [Email] Mail server patch | Brief blips',
    reads: '"now" starts the window now',
    reply: /^Started MNT-1: Mail server patch/,
    effect: { changed: true },
  },
  {
    send: 'maintenance 2027-02-30T10:00Z for 1h Upgrade',
    reads: 'an impossible date: refused with the reason',
    reply: /^2027-02-30T10:00Z is not a date: February 2027 has 28 days\./,
    effect: UNCHANGED,
  },
  {
    send: 'maintenance in 1h for 30d Long upgrade',
    reads: 'a window longer than a week: refused with the reason',
    reply: /^That window is 720 hours long; the longest is 7 days/,
    effect: UNCHANGED,
  },
  {
    send: 'maintenance 2020-01-01T10:00Z 2020-01-01T11:00Z Old work',
    reads: 'a window in the past: refused',
    reply: /already over/,
    effect: UNCHANGED,
  },
  {
    given: ONE,
    send: 'eta 2031-01-01T00:00Z',
    reads: 'an ETA years away: refused with the reason',
    reply: /is more than 30 days away; give an ETA within 30 days, or none\. Nothing was changed\./,
    effect: UNCHANGED,
  },
  {
    given: ONE,
    send: 'next 3 days',
    reads: 'a next update days away: refused',
    reply: /is more than 1 day away; promise the next update sooner/,
    effect: UNCHANGED,
  },
  // Internal verbs and corrections.
  {
    given: ONE,
    send: 'note INC-1 Rolled back deploy 4512',
    reads: 'an internal note',
    reply: /Noted on the INC-1 timeline/,
    effect: { incident: 'INC-1', note: 'Rolled back deploy 4512' },
  },
  {
    given: ONE,
    send: 'timeline 1',
    reads: 'a bare "1" for timeline',
    reply: /INC-1/,
    effect: UNCHANGED,
  },
  {
    given: ONE,
    send: 'edit INC-1 Investigating login failures',
    reads: 'edit your own latest update',
    reply: /Edited the latest update of INC-1/,
    effect: { incident: 'INC-1', message: 'Investigating login failures' },
  },
  {
    given: ONE,
    send: 'update INC-1 Investigating the logs now',
    reads: 'a capitalised status word starting a message',
    reply: /Updated INC-1 \(investigating\)/,
    effect: { incident: 'INC-1', message: 'Investigating the logs now' },
  },
  // "Did you mean" beyond verbs: a near miss where only a status, impact or component can stand is asked about,
  // and nothing changes; where the word can be prose, it is prose.
  {
    given: ONE,
    send: 'impact INC-1 majr',
    reads: 'a near miss of an impact, where only an impact can stand: asked about',
    reply: /^"majr" is not an impact\. Did you mean "impact INC-1 major"\?\n\nUsage: impact/,
    effect: UNCHANGED,
  },
  {
    given: ONE,
    send: 'impact INC-1 sev5',
    reads: 'as close to sev1 as to sev4: no suggestion',
    reply: /^"sev5" is not an impact\.\n\nUsage: impact/,
    effect: UNCHANGED,
  },
  {
    send: 'component Webiste down',
    reads: 'a near miss of a configured component name: asked about',
    reply: /^Unknown component "Webiste" \(did you mean "Website"\?\)\./,
    effect: UNCHANGED,
  },
  {
    send: 'component Website dwon',
    reads: "a near miss of a component status in the status's place: asked about",
    reply: /^"dwon" is not a status\. Did you mean "component Website down"\?/,
    effect: UNCHANGED,
  },
  {
    given: ONE,
    send: 'update INC-1 identifed | Load balancer | A bad rule drops traffic',
    reads: 'a near miss of a status in the headline form: asked about',
    reply:
      /^"identifed" is not a status\. Did you mean "update INC-1 identified \| Load balancer \| A bad rule drops traffic"\?/,
    effect: UNCHANGED,
  },
  {
    given: ONE,
    send: 'update Monitring: graphs look normal again',
    reads: 'a near miss of a status with a colon: asked about',
    reply: /^"Monitring" is not a status\. Did you mean "update monitoring: graphs look normal again"\?/,
    effect: UNCHANGED,
  },
  {
    given: ONE,
    send: 'update [Chat: dwon] Messages are not delivered',
    reads: 'a near miss of a component status in a component list: asked about',
    reply: /^"dwon" is not a component status\. Did you mean "Chat: down"\?/,
    effect: UNCHANGED,
  },
  {
    given: ONE,
    send: 'update [Caht] Messages are not delivered',
    reads: 'a near miss of a component name in a component list: asked about',
    reply: /^Unknown component "Caht" \(did you mean "Chat"\?\)/,
    effect: UNCHANGED,
  },
  {
    given: ONE,
    send: 'update identifed the bad rule, rolling back',
    reads: 'a near miss starting a sentence can be prose: a message, no guess',
    reply: /^Updated INC-1 \(investigating\)/,
    effect: { incident: 'INC-1', status: 'investigating', message: 'identifed the bad rule, rolling back' },
  },
  {
    send: 'open majr outage in Building 4',
    reads: 'a near miss of an impact in a title is the title: no guess',
    reply: /^Opened INC-1: majr outage in Building 4 \(investigating, major impact\)/,
    effect: { incident: 'INC-1', impact: 'major', title: 'majr outage in Building 4' },
  },
];

interface StateSeen {
  version: number;
  incidents: IncidentSeen[];
}

async function stateOf(app: TestApp): Promise<StateSeen> {
  return JSON.parse((await app.readStateText()) ?? '{"version":0,"incidents":[]}') as StateSeen;
}

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => {
  await app.close();
});

describe('what people type, and the reading each gets', () => {
  it('has at least 80 typed messages', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(80);
  });

  it.each(ROWS.map((row) => [row.send, row.reads, row] as const))(
    '%p reads as: %s',
    async (_send, _reads, row) => {
      for (const step of row.given ?? []) {
        const given = typeof step === 'string' ? step : step.text;
        const version = (await stateOf(app)).version;
        const reply = await app.send(given, typeof step === 'string' ? {} : { user: step.user });
        const saved = (await stateOf(app)).version > version;
        expect({ given, status: reply.status, saved }).toEqual({ given, status: 200, saved: true });
      }
      const before = await stateOf(app);
      const reply = await app.send(row.send, row.as);
      expect(reply.status).toBe(200);
      expect(reply.replyText).toMatch(row.reply);
      // One message: text alone (the contract's `text`, no attachment beside it to be split off); far below 100 KB.
      const body = reply.jsonBody as { text?: string; attachments?: unknown[] };
      expect(typeof body.text).toBe('string');
      expect(body.attachments).toBeUndefined();
      expect(JSON.stringify(body).length).toBeLessThan(REPLY_MAX_UTF16);
      // Internal replies (notes, roles) name no public address; a public change links the incident's own page.
      if ('incident' in row.effect && row.effect.note !== undefined) {
        expect(JSON.stringify(body)).not.toContain('status.example.com');
      } else if ('incident' in row.effect) {
        expect(reply.replyText).toContain(
          `\nIncident page: https://status.example.com/incidents/${row.effect.incident}.html`,
        );
      }
      const after = await stateOf(app);
      if ('unchanged' in row.effect) {
        expect(after.version).toBe(before.version);
        return;
      }
      if ('changed' in row.effect) {
        expect(after.version).toBeGreaterThan(before.version);
        return;
      }
      const { incident: id, note, message, headline, ...fields } = row.effect;
      const incident = after.incidents.find((candidate) => candidate.id === id);
      expect(incident).toMatchObject(fields);
      const latest = incident?.updates.at(-1);
      if (message !== undefined) expect(latest?.message).toBe(message);
      if (headline !== undefined) expect(latest?.headline).toBe(headline);
      if (note !== undefined) expect(incident?.timeline.at(-1)?.text).toBe(note);
    },
  );
});

describe('replies Teams shows once, safely and briefly', () => {
  it("escapes a Markdown link typed in a title, so it is never a link in the bot's voice", async () => {
    const reply = await app.send('open **[Re-authenticate here](https://evil.example/login)** | x');
    expect(JSON.stringify(reply.jsonBody)).not.toContain('**[Re-authenticate');
    expect(reply.replyText).toContain('INC-1: **[Re-authenticate here](https://evil.example/login)**');
  });

  it('escapes a display name chosen as a Markdown link in a text reply', async () => {
    await app.send('open Chat is down');
    const name = '[Click me](https://evil.example/)';
    const reply = await app.send(`role INC-1 comms @${name}`, { mentions: [name] });
    const text = (reply.jsonBody as { text: string }).text;
    expect(text).not.toMatch(/\[Click me\]\(/);
    expect(reply.replyText).toContain(name);
  });

  it('bounds "list": 20 open incidents show 15, then "…and 5 more: <the page>"', async () => {
    for (let n = 1; n <= 20; n += 1) await app.send(`open "Incident number ${n}" | ${'x'.repeat(2000)}`);
    const reply = await app.send('list');
    expect(reply.replyText.split('\n')).toHaveLength(17);
    expect(reply.replyText).toMatch(/\n…and 5 more: https:\/\/status\.example\.com\/$/);
    expect(JSON.stringify(reply.jsonBody).length).toBeLessThan(10_000);
  });
});

describe("the sender's time zone, from the activity", () => {
  /** An activity as Teams sends it from a client in `zone`: in clientInfo, or only as `localTimezone`. */
  function from(text: string, zone: string, where: 'clientInfo' | 'localTimezone'): Record<string, unknown> {
    const activity = app.activity(text);
    const entities = (activity.entities as Record<string, unknown>[]).filter(
      (entity) => entity.type !== 'clientInfo',
    );
    if (where === 'clientInfo') {
      activity.entities = [
        ...entities,
        { type: 'clientInfo', locale: 'de-DE', platform: 'Web', timezone: zone },
      ];
    } else {
      activity.entities = [...entities, { type: 'clientInfo', locale: 'en-IN', platform: 'Web' }];
      activity.localTimezone = zone;
    }
    return activity;
  }

  it("reads and shows times in the clientInfo entity's timezone, named by its abbreviation", async () => {
    const reply = await app.postActivity(
      from('maintenance in 2h for 1h [Email] Mail server patch | Brief blips', 'Europe/Berlin', 'clientInfo'),
    );
    expect(reply.replyText).toMatch(
      /^Scheduled MNT-1: Mail server patch, \d{1,2} \w{3} \d{4}, \d\d:\d\d .*CES?T\./,
    );
    expect(reply.replyText).not.toContain('UTC');
  });

  it("shows the facts, list and timeline in the activity's localTimezone", async () => {
    const zoned = (text: string) => app.postActivity(from(text, 'Asia/Kolkata', 'localTimezone'));
    const opened = await zoned('open [Chat] Chat is down | Looking');
    expect(opened.replyText).toMatch(/^Next update by: \d{1,2} \w{3} \d{4}, \d\d:\d\d IST$/m);
    const eta = await zoned('eta 2h');
    expect(eta.replyText).toMatch(/^INC-1: estimated resolution \d{1,2} \w{3} \d{4}, \d\d:\d\d IST\.$/m);
    await zoned('maintenance in 3h for 30m [Email] Mail server patch | Brief blips');
    const list = await zoned('list');
    expect(list.replyText).toMatch(/^- MNT-1 scheduled: Mail server patch \(.+ IST\)$/m);
    const timeline = await zoned('timeline INC-1');
    expect(timeline.replyText).toMatch(/^- \d{1,2} \w{3} \d{4}, \d\d:\d\d IST · update · Ada Lovelace: /m);
    // (A timeline entry's own text is kept as it was recorded, "Estimated resolution … UTC"; its time is zoned.)
    for (const reply of [opened, eta, list]) expect(reply.replyText).not.toMatch(/\d UTC/);
  });

  it('shows UTC, labelled, when Teams did not say the zone', async () => {
    const activity = app.activity('open Chat is down | Looking');
    activity.entities = (activity.entities as Record<string, unknown>[]).filter(
      (entity) => entity.type !== 'clientInfo',
    );
    const reply = await app.postActivity(activity);
    expect(reply.replyText).toMatch(/^Next update by: \d{1,2} \w{3} \d{4}, \d\d:\d\d UTC$/m);
  });
});
