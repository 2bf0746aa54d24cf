/**
 * Getting the minutes out of the page: a Markdown file downloaded from memory, and the
 * printable page printed from a frame of its own, so the printout holds the minutes
 * only, never the workspace around them.
 */

/** The id of the frame the printable minutes are printed from. */
export const PRINT_FRAME_ID = 'minutes-print-frame';

/** Saves `text` as a file named `filename` through the browser's download. */
export { downloadText } from '../../lib/download.ts';

/**
 * Opens the browser's print dialog (where "Save as PDF" is) on a complete HTML page,
 * loaded into a hidden frame. The frame stays until the next print or
 * {@link removePrintFrame}, so the dialog can still read it.
 */
export function printHtml(html: string): void {
  removePrintFrame();
  const frame = document.createElement('iframe');
  frame.id = PRINT_FRAME_ID;
  frame.title = 'Printable minutes';
  frame.tabIndex = -1;
  frame.setAttribute('aria-hidden', 'true');
  frame.style.cssText = 'position:fixed;right:0;bottom:0;width:0;height:0;border:0;';
  frame.addEventListener('load', () => {
    const view = frame.contentWindow;
    if (!view) return;
    view.focus();
    view.print();
  });
  frame.srcdoc = html;
  document.body.append(frame);
}

/** Removes the print frame, if there is one. */
export function removePrintFrame(): void {
  document.getElementById(PRINT_FRAME_ID)?.remove();
}
