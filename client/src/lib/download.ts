/** Offers a text as a file download (the browser's "save as"), from memory. */
export function downloadText(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once started; the blob is freed a little later.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
