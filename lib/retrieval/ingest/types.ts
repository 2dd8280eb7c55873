import 'server-only';
/** The formats a knowledge-base document can be uploaded in. */
export type DocumentFormat = 'text' | 'markdown' | 'html' | 'pdf';

/** An uploaded file as the route handler received it. Nothing in it is trusted: the type is checked against the bytes. */
export interface UploadedFile {
  filename: string;
  /** The Content-Type the client sent, if any; used only when the filename has no extension. */
  contentType?: string;
  bytes: Buffer;
}

/** The text of a document, ready to chunk. */
export interface ExtractedDocument {
  /**
   * The visible text: Markdown-like (`#` headings, `-` list items, fenced `pre` blocks) for HTML,
   * as written for Markdown and plain text, pages separated by blank lines for PDF. Newlines are
   * `\n`; invisible characters are removed.
   */
  text: string;
  title: string;
  format: DocumentFormat;
  /** Things the uploader should know that did not stop the upload, one sentence each. */
  warnings: string[];
  /**
   * Content a reader would not see, removed from `text`: HTML and Markdown comments, hidden HTML
   * elements, text smuggled in Unicode tag characters. Kept so that it can be screened
   * (`flagHiddenText`): instructions hidden from people are aimed at the model.
   */
  hiddenText: string[];
}
