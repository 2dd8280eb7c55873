import 'server-only';
/**
 * Builds a minimal valid PDF for tests: one Helvetica text object per page, one line per string,
 * an optional Title in the document information dictionary, and a correct cross-reference table.
 * `encrypt` adds a standard security handler whose user password is not empty, so readers must
 * refuse it. Lines must not contain `(`, `)` or `\`.
 */
export function buildTestPdf(pages: string[][], options: { title?: string; encrypt?: boolean } = {}): Buffer {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>'];
  const kids = pages.map((_, index) => `${4 + index * 2} 0 R`).join(' ');
  objects.push(`<< /Type /Pages /Kids [${kids}] /Count ${pages.length} >>`);
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  pages.forEach((lines, index) => {
    const content = `BT /F1 12 Tf 72 720 Td 14 TL ${lines.map((line) => `(${line}) Tj T*`).join(' ')} ET`;
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + index * 2} 0 R >>`);
    objects.push(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  });
  const trailerExtras: string[] = [];
  if (options.title) {
    objects.push(`<< /Title (${options.title}) >>`);
    trailerExtras.push(`/Info ${objects.length} 0 R`);
  }
  if (options.encrypt) {
    const hash = 'ab'.repeat(32);
    objects.push(`<< /Filter /Standard /V 1 /R 2 /O <${hash}> /U <${hash}> /P -4 >>`);
    trailerExtras.push(`/Encrypt ${objects.length} 0 R /ID [<${'01'.repeat(16)}> <${'01'.repeat(16)}>]`);
  }
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((object, index) => {
    const offset = pdf.length;
    pdf += `${index + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtras.join(' ')} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}
