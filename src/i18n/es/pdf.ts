/** Español: encabezado, pie y textos fijos de los PDF generados. */
import type { pdf as en } from "../en/pdf.ts";

export const pdf: Record<keyof typeof en, string> = {
  "pdf.page": "Página {n} de {m}",
  "pdf.generated": "Generado el {date}",
  "pdf.warnings": "Antes de fiarse de estas cifras",
  "pdf.continued": "{title} (continuación)",
  "pdf.no_rows": "No hay nada que mostrar en este periodo.",
  "pdf.currency": "Importes en {currency}",
};
