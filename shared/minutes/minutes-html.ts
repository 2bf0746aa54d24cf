import type { Minutes, MinutesAgendaItem, MinutesPerson, MinutesStatus } from './minutes.ts';
import { dayText, monthText } from '../dates.ts';
import { TONE_COLOURS, TONES } from '../vocabulary/tones.ts';
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
  MINUTES_KICKER,
  NO_AGENDA_TEXT,
  personText,
  riskScoreText,
  sectionWords,
  type MinutesRecordSection,
} from './minutes-words.ts';

/**
 * The minutes as one self-contained, printable HTML page: inline styles, A4 print
 * layout, 11pt type, items and table rows never split across pages, statuses by colour
 * and words. Every piece of text people typed is HTML-escaped.
 */
export function minutesHtml(minutes: Minutes): string {
  const title = `Minutes: ${minutes.title}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main class="page">
<header class="head">
<p class="kicker">${escapeHtml(MINUTES_KICKER)}</p>
<h1>${escapeHtml(minutes.title)}</h1>
<dl class="facts">
${fact('Cycle', escapeHtml(cycleText(minutes.cycle)))}
${fact('Meeting', minutes.meetingStartedAt ? escapeHtml(minutes.meetingText) : `<span class="missing">${escapeHtml(minutes.meetingText)}</span>`)}
${attendanceFacts(minutes)}
${fact('Agenda', escapeHtml(agendaSummary(minutes)))}
</dl>
${minutes.finalText ? `<p class="final">${escapeHtml(minutes.finalText)}</p>` : ''}
</header>
<section>
<h2>Agenda</h2>
${minutes.agenda.length === 0 ? `<p class="empty">${NO_AGENDA_TEXT}</p>` : minutes.agenda.map(itemHtml).join('\n')}
</section>
${decisionsHtml(minutes)}
${actionsHtml(minutes)}
${risksHtml(minutes)}
${closedOpenHtml(minutes)}
${leftOutHtml(minutes)}
<footer class="foot">${escapeHtml(footer(minutes))}</footer>
</main>
</body>
</html>
`;
}

/** What the cycle closed with still open, as acknowledged; nothing when none was. */
function closedOpenHtml(minutes: Minutes): string {
  if (!minutes.closedOpen) return '';
  const lines = minutes.closedOpen.lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('');
  return `<section>
<h2>${escapeHtml(CLOSED_OPEN_TITLE)}</h2>
<p>${escapeHtml(minutes.closedOpen.intro)}</p>
<ul>${lines}</ul>
</section>`;
}

/** Escapes the five characters that HTML gives a meaning to, in text and in attributes. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function fact(term: string, html: string): string {
  return `<div><dt>${term}</dt><dd>${html}</dd></div>`;
}

function attendanceFacts(minutes: Minutes): string {
  const names = (people: MinutesPerson[]) =>
    people.map((person) => escapeHtml(personText(person))).join(', ');
  if (minutes.present.length === 0 && minutes.absent.length === 0) {
    return fact('Attendance', '<span class="missing">Not recorded</span>');
  }
  return [
    fact(`Present (${minutes.present.length})`, names(minutes.present) || 'Nobody recorded'),
    minutes.absent.length > 0
      ? fact(`Absent (${minutes.absent.length})`, names(minutes.absent))
      : '',
  ].join('\n');
}

function chip(status: MinutesStatus, text = status.text): string {
  return `<span class="chip tone-${status.tone}">${escapeHtml(text)}</span>`;
}

function itemHtml(item: MinutesAgendaItem): string {
  const notes = item.notes.trim();
  const outcomeClass = item.state === 'closed' ? 'outcome' : 'outcome open';
  return `<article class="item">
<div class="item-head"><h3><span class="pos">${item.position}.</span> ${escapeHtml(item.title)}</h3>${chip(item.status)}</div>
<p class="meta">${escapeHtml(itemFacts(item))}</p>
<p class="${outcomeClass}"><span class="label">Outcome</span> ${escapeHtml(item.outcomeText)}</p>
${item.revisions.map((line) => `<p class="meta revised">${escapeHtml(line)}</p>`).join('\n')}
${notes ? `<div class="notes"><span class="label">Notes</span><div class="notes-text">${escapeHtml(notes)}</div></div>` : ''}
</article>`;
}

/** A table; `classes` names a class for some columns (by index), for alignment and wrapping. */
function tableHtml(
  headers: string[],
  rows: string[][],
  classes: Readonly<Record<number, string>>,
): string {
  const cls = (i: number) => (classes[i] ? ` class="${classes[i]}"` : '');
  return `<table>
<thead><tr>${headers.map((h, i) => `<th scope="col"${cls(i)}>${h}</th>`).join('')}</tr></thead>
<tbody>
${rows.map((row) => `<tr>${row.map((cell, i) => `<td${cls(i)}>${cell}</td>`).join('')}</tr>`).join('\n')}
</tbody>
</table>`;
}

const DASH = '<span class="none">—</span>';
const cell = (text: string | null) => (text && text.trim() ? escapeHtml(text) : DASH);
const itemCell = (position: number | null) => (position === null ? DASH : String(position));

/** A record section: its heading with the count, then the table, or a sentence when empty. */
function sectionHtml(minutes: Minutes, section: MinutesRecordSection, table: () => string): string {
  const words = sectionWords(minutes, section);
  const body =
    minutes[section].length === 0 ? `<p class="empty">${escapeHtml(words.empty)}</p>` : table();
  return `<section><h2>${escapeHtml(words.title)} (${words.count})</h2>\n${body}\n</section>`;
}

function decisionsHtml(minutes: Minutes): string {
  return sectionHtml(minutes, 'decisions', () =>
    tableHtml(
      ['Item', 'Question', 'Chosen option', 'Owner', 'Rationale', 'Expected impact', 'Status'],
      minutes.decisions.map((d) => [
        itemCell(d.agendaPosition),
        cell(d.question),
        cell(d.chosen),
        cell(d.owner),
        cell(d.rationale),
        d.expectedImpact.map((line) => `<div>${escapeHtml(line)}</div>`).join(''),
        chip(d.status) +
          d.revisions.map((line) => `<div class="revised">${escapeHtml(line)}</div>`).join('') +
          (d.review ? `<div class="revised">${escapeHtml(d.review)}</div>` : ''),
      ]),
      { 0: 'num', 3: 'who' },
    ),
  );
}

function actionsHtml(minutes: Minutes): string {
  return sectionHtml(minutes, 'actions', () =>
    tableHtml(
      ['Item', 'Action', 'Owner', 'Due', 'Status'],
      minutes.actions.map((a) => [
        itemCell(a.agendaPosition),
        `${cell(a.title)}${a.carriedFrom ? `<span class="sub">Carried from ${escapeHtml(monthText(a.carriedFrom))}</span>` : ''}`,
        cell(a.owner),
        escapeHtml(dayText(a.due)),
        chip(a.status, actionStatusText(a)),
      ]),
      { 0: 'num', 2: 'who', 3: 'who' },
    ),
  );
}

function risksHtml(minutes: Minutes): string {
  return sectionHtml(minutes, 'risks', () =>
    tableHtml(
      ['Risk or opportunity', 'Kind', 'P × I', 'Impact', 'Owner', 'Mitigation', 'Status'],
      minutes.risks.map((r) => [
        cell(r.title),
        r.kind,
        `${chip(r.band, riskScoreText(r))}`,
        r.impactValue === null ? DASH : escapeHtml(moneyText(r.impactValue, minutes.currency)),
        cell(r.owner),
        cell(r.mitigation),
        chip(r.status),
      ]),
      { 2: 'who', 3: 'num', 4: 'who' },
    ),
  );
}

function leftOutHtml(minutes: Minutes): string {
  if (minutes.leftOut.length === 0) return '';
  return `<section><h2>${LEFT_OUT_TITLE}</h2>
<p>${LEFT_OUT_INTRO}</p>
<ul>${minutes.leftOut.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>
</section>`;
}

/** The colour of each status chip: the vocabulary's tokens, as the page shows them. */
const TONE_RULES = TONES.map(
  (tone) =>
    `.tone-${tone} { color: ${TONE_COLOURS[tone].text}; background: ${TONE_COLOURS[tone].background}; }`,
).join('\n');

const STYLE = `
@page { size: A4; margin: 16mm 15mm 18mm; }
* { box-sizing: border-box; }
html { background: #eceef2; }
body { margin: 0; color: #18202c; font: 11pt/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.page { max-width: 210mm; margin: 24px auto; padding: 18mm 16mm; background: #fff; box-shadow: 0 1px 4px rgb(16 24 40 / 0.12); }
h1 { font-size: 20pt; line-height: 1.2; margin: 2pt 0 10pt; letter-spacing: -0.01em; }
h2 { font-size: 13.5pt; margin: 18pt 0 6pt; padding-bottom: 3pt; border-bottom: 1.5pt solid #18202c; break-after: avoid; }
h3 { font-size: 11.5pt; margin: 0; }
.kicker { margin: 0; color: #5a6474; font-size: 9.5pt; font-weight: 600; letter-spacing: 0.06em; text-transform: uppercase; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 3pt 14pt; margin: 0; }
.facts div { display: contents; }
.facts dt { color: #5a6474; font-weight: 600; }
.facts dd { margin: 0; }
.missing { color: #8a4b00; font-weight: 600; }
.final { margin-top: 8pt; padding: 4pt 8pt; border-left: 3pt solid #1f7a3d; color: #1f5130; font-weight: 600; }
.item { padding: 8pt 0 9pt; border-bottom: 0.75pt solid #d5d9e0; break-inside: avoid; page-break-inside: avoid; }
.item-head { display: flex; align-items: baseline; justify-content: space-between; gap: 10pt; }
.pos { color: #5a6474; font-variant-numeric: tabular-nums; }
.meta { margin: 2pt 0 4pt; color: #5a6474; font-size: 9.5pt; }
.outcome { margin: 3pt 0; }
.revised { margin-top: 2pt; font-size: 8.5pt; color: #8a4b00; }
.outcome.open { color: #8a4b00; font-weight: 600; }
.label { display: inline-block; min-width: 52pt; color: #5a6474; font-size: 9pt; font-weight: 700; letter-spacing: 0.04em; text-transform: uppercase; }
.notes { display: flex; gap: 0; margin-top: 4pt; }
.notes-text { flex: 1; white-space: pre-wrap; padding-left: 8pt; border-left: 2pt solid #d5d9e0; color: #2b3442; }
.chip { display: inline-block; padding: 0 6pt; border-radius: 8pt; font-size: 9pt; font-weight: 700; white-space: nowrap; }
${TONE_RULES}
table { width: 100%; border-collapse: collapse; font-size: 9.5pt; }
thead { display: table-header-group; }
th { text-align: left; color: #5a6474; font-weight: 600; border-bottom: 1pt solid #9aa3b2; padding: 3pt 5pt; }
td { vertical-align: top; border-bottom: 0.5pt solid #d5d9e0; padding: 4pt 5pt; }
tr { break-inside: avoid; page-break-inside: avoid; }
.who { white-space: nowrap; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.sub { display: block; color: #5a6474; font-size: 8.5pt; }
.none { color: #9aa3b2; }
.empty { color: #5a6474; margin: 4pt 0; }
.foot { margin-top: 18pt; padding-top: 6pt; border-top: 0.75pt solid #d5d9e0; color: #5a6474; font-size: 8.5pt; }
@media print {
  html { background: none; }
  .page { max-width: none; margin: 0; padding: 0; box-shadow: none; }
}
`;
