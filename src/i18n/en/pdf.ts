/** English: the running header, footer and fixed texts of generated PDFs. */
export const pdf = {
  "pdf.page": "Page {n} of {m}",
  "pdf.generated": "Generated {date}",
  "pdf.warnings": "Before you rely on these figures",
  "pdf.continued": "{title} (continued)",
  "pdf.no_rows": "Nothing to show for this period.",
  "pdf.currency": "Amounts in {currency}",
} as const;
