import 'server-only';
import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import type { AttestationSection } from './attestation-sections';

const PAGE = { width: 595.28, height: 841.89, margin: 48 };
const TONES = { good: rgb(0.02, 0.45, 0.25), bad: rgb(0.7, 0.1, 0.1), neutral: rgb(0.1, 0.12, 0.16) };

/**
 * A plain A4 PDF of the attestation's sections (pdf-lib, standard Helvetica). The standard fonts
 * encode WinAnsi only, so text outside it is transliterated; the signed JSON remains the exact record.
 */
export async function renderAttestationPdf(title: string, sections: readonly AttestationSection[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  pdf.setProducer('Bulkhead');
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const writer = new PageWriter(pdf, regular, bold);
  writer.write(title, { font: bold, size: 16, gapAfter: 10 });
  for (const section of sections) {
    writer.write(section.title, { font: bold, size: 12, gapBefore: 10, gapAfter: 4 });
    for (const row of section.rows) {
      writer.write(row.label, { font: bold, size: 9, color: TONES[row.tone ?? 'neutral'] });
      writer.write(row.value, { font: regular, size: 9, indent: 10, gapAfter: 4 });
    }
  }
  return pdf.save();
}

class PageWriter {
  private page: PDFPage;
  private y = PAGE.height - PAGE.margin;

  constructor(
    private readonly pdf: PDFDocument,
    private readonly regular: PDFFont,
    private readonly bold: PDFFont,
  ) {
    this.page = pdf.addPage([PAGE.width, PAGE.height]);
  }

  write(text: string, options: { font: PDFFont; size: number; indent?: number; gapBefore?: number; gapAfter?: number; color?: ReturnType<typeof rgb> }) {
    const { font, size, indent = 0 } = options;
    this.y -= options.gapBefore ?? 0;
    for (const line of wrapText(toWinAnsi(text), font, size, PAGE.width - 2 * PAGE.margin - indent)) {
      if (this.y - size < PAGE.margin) {
        this.page = this.pdf.addPage([PAGE.width, PAGE.height]);
        this.y = PAGE.height - PAGE.margin;
      }
      this.y -= size * 1.3;
      this.page.drawText(line, { x: PAGE.margin + indent, y: this.y, size, font, color: options.color ?? TONES.neutral });
    }
    this.y -= options.gapAfter ?? 0;
  }
}

/** Greedy word wrap; a word longer than the line (a key, a hash) is cut where it overflows. */
function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    let rest = word;
    while (font.widthOfTextAtSize(rest, size) > width) {
      let cut = rest.length - 1;
      while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut--;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

function toWinAnsi(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\u2026/g, '...')
    .replace(/[^\x20-\x7e]/g, '?');
}
