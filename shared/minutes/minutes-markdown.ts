import type {
  Minutes,
  MinutesAction,
  MinutesAgendaItem,
  MinutesDecision,
  MinutesPerson,
  MinutesRisk,
} from './minutes.ts';
import { dayText, monthText } from '../dates.ts';
import { moneyText } from './minutes-format.ts';
import {
  actionStatusText,
  agendaSummary,
  cycleText,
  footer,
  itemFacts,
  LEFT_OUT_INTRO,
  CLOSED_OPEN_TITLE,
  LEFT_OUT_TITLE,
  NO_AGENDA_TEXT,
  personText,
  riskScoreText,
  sectionWords,
  type MinutesRecordSection,
} from './minutes-words.ts';

/**
 * The minutes as GitHub-flavoured Markdown: a heading per section, one per agenda item,
 * bullet lists for the facts and tables for decisions, actions and risks. Every piece of
 * text people typed is escaped, so no title or note can add a heading, a table column,
 * a link or HTML to the document.
 */
export function minutesMarkdown(minutes: Minutes): string {
  const lines: string[] = [
    `# Minutes: ${markdownText(minutes.title)}`,
    '',
    `- **Cycle:** ${markdownText(cycleText(minutes.cycle))}`,
    `- **Meeting:** ${markdownText(minutes.meetingText)}`,
    ...attendanceLines(minutes),
    `- **Agenda:** ${markdownText(agendaSummary(minutes))}`,
    '',
    ...(minutes.finalText ? [`**${markdownText(minutes.finalText)}**`, ''] : []),
    '## Agenda',
    '',
  ];
  if (minutes.agenda.length === 0) lines.push(NO_AGENDA_TEXT, '');
  for (const item of minutes.agenda) lines.push(...itemLines(item));

  lines.push(
    ...sectionLines(minutes, 'decisions', () => table(DECISION_COLUMNS, minutes.decisions)),
  );
  lines.push(...sectionLines(minutes, 'actions', () => table(ACTION_COLUMNS, minutes.actions)));
  lines.push(
    ...sectionLines(minutes, 'risks', () => table(riskColumns(minutes.currency), minutes.risks)),
  );

  if (minutes.closedOpen) {
    lines.push(
      `## ${CLOSED_OPEN_TITLE}`,
      '',
      markdownText(minutes.closedOpen.intro),
      '',
      ...minutes.closedOpen.lines.map((line) => `- ${markdownText(line)}`),
      '',
    );
  }
  if (minutes.leftOut.length > 0) {
    lines.push(
      `## ${LEFT_OUT_TITLE}`,
      '',
      LEFT_OUT_INTRO,
      '',
      ...minutes.leftOut.map((line) => `- ${markdownText(line)}`),
      '',
    );
  }
  lines.push('---', '', `*${markdownText(footer(minutes))}*`, '');
  return lines.join('\n');
}

/** A record section: its heading with the count, then the table, or a sentence when empty. */
function sectionLines(
  minutes: Minutes,
  section: MinutesRecordSection,
  table: () => string[],
): string[] {
  const words = sectionWords(minutes, section);
  const body = minutes[section].length === 0 ? [words.empty] : table();
  return [`## ${words.title} (${words.count})`, '', ...body, ''];
}

function attendanceLines(minutes: Minutes): string[] {
  const names = (people: MinutesPerson[]) =>
    people.map((person) => markdownText(personText(person))).join(', ');
  if (minutes.present.length === 0 && minutes.absent.length === 0) {
    return ['- **Attendance:** not recorded'];
  }
  return [
    `- **Present (${minutes.present.length}):** ${names(minutes.present) || 'nobody recorded'}`,
    ...(minutes.absent.length > 0
      ? [`- **Absent (${minutes.absent.length}):** ${names(minutes.absent)}`]
      : []),
  ];
}

function itemLines(item: MinutesAgendaItem): string[] {
  const lines = [
    `### ${item.position}. ${markdownText(item.title)}`,
    '',
    `*${markdownText(itemFacts(item))}*`,
    '',
    `**Outcome:** ${item.state === 'closed' ? markdownText(item.outcomeText) : `**${markdownText(item.outcomeText)}**`}`,
    '',
    ...item.revisions.flatMap((line) => [`*${markdownText(line)}*`, '']),
  ];
  const notes = item.notes.trim();
  if (notes) lines.push('**Notes:**', '', ...markdownQuote(notes), '');
  return lines;
}

interface Column<T> {
  header: string;
  cell: (row: T) => string;
}

const DECISION_COLUMNS: Column<MinutesDecision>[] = [
  { header: 'Item', cell: (d) => (d.agendaPosition === null ? '' : String(d.agendaPosition)) },
  { header: 'Question', cell: (d) => d.question },
  { header: 'Chosen option', cell: (d) => d.chosen ?? '' },
  { header: 'Owner', cell: (d) => d.owner ?? '' },
  { header: 'Rationale', cell: (d) => d.rationale ?? '' },
  { header: 'Expected impact', cell: (d) => d.expectedImpact.join('; ') },
  {
    header: 'Status',
    cell: (d) => [d.status.text, ...d.revisions, ...(d.review ? [d.review] : [])].join(' '),
  },
];

const ACTION_COLUMNS: Column<MinutesAction>[] = [
  { header: 'Item', cell: (a) => (a.agendaPosition === null ? '' : String(a.agendaPosition)) },
  {
    header: 'Action',
    cell: (a) =>
      a.carriedFrom ? `${a.title} (carried from ${monthText(a.carriedFrom)})` : a.title,
  },
  { header: 'Owner', cell: (a) => a.owner },
  { header: 'Due', cell: (a) => dayText(a.due) },
  { header: 'Status', cell: actionStatusText },
];

function riskColumns(currency: string): Column<MinutesRisk>[] {
  return [
    { header: 'Risk or opportunity', cell: (r) => r.title },
    { header: 'Kind', cell: (r) => r.kind },
    { header: 'Probability × impact', cell: riskScoreText },
    {
      header: 'Impact',
      cell: (r) => (r.impactValue === null ? '' : moneyText(r.impactValue, currency)),
    },
    { header: 'Owner', cell: (r) => r.owner ?? '' },
    { header: 'Mitigation', cell: (r) => r.mitigation ?? '' },
    { header: 'Status', cell: (r) => r.status.text },
  ];
}

function table<T>(columns: Column<T>[], rows: T[]): string[] {
  return [
    `| ${columns.map((column) => column.header).join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...rows.map(
      (row) => `| ${columns.map((column) => markdownCell(column.cell(row))).join(' | ')} |`,
    ),
  ];
}

/**
 * Text people typed, made safe for one line of Markdown: the characters that would start
 * emphasis, code, links, HTML, a table column or a heading are backslash-escaped, an
 * entity (`&lt;`) stays as typed, a list or quote marker at the start is escaped, and
 * line breaks become spaces.
 */
export function markdownText(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]<>|~#]/g, '\\$&')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
    .replace(/^(\s*)([-+=])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

/** A table cell: escaped text, line breaks as `<br>`, an empty cell as a dash. */
export function markdownCell(text: string): string {
  const lines = text
    .split(/\r\n|\r|\n/)
    .map((line) => markdownText(line.trim()))
    .filter((line) => line !== '');
  return lines.length === 0 ? '—' : lines.join('<br>');
}

/** Several lines of typed text as a quote: every line escaped, line breaks kept. */
export function markdownQuote(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/).map((line) => markdownText(line.trim()));
  return lines.map((line, i) => {
    if (line === '') return '>';
    // A hard line break (trailing backslash) keeps the note's lines apart.
    const next = lines[i + 1];
    return next !== undefined && next !== '' ? `> ${line}\\` : `> ${line}`;
  });
}
