/**
 * Props of the chart components. Callers format every figure and label for the user's
 * locale (money through i18n); the raw numbers only size the shapes.
 */

/** What every chart has: an id for its elements, a title and a one-sentence description. */
export interface ChartBase {
  /** Unique on the page; prefixes the ids inside the chart ("ie-chart" → "ie-chart-title"). */
  id: string;
  /** Shown as the caption and used as the SVG's and the data table's name. */
  title: string;
  /** What the chart shows, for everyone (caption) and for assistive technology (SVG description). */
  description: string;
  /** Header of the data table's first column ("Month", "Payee"). */
  categoryHeader: string;
  /** Shown instead of the chart when there is nothing to draw; without it an empty chart renders nothing. */
  empty?: string;
}

/** One category on the x axis of {@link MonthlyBarsProps}. */
export interface ChartCategory {
  /** Full name, used in accessible names and the data table ("March 2025"). */
  label: string;
  /** Axis label ("Mar"); defaults to `label`. */
  short?: string;
  /** Second axis line shown where it changes ("2025"), e.g. the year under January. */
  group?: string;
}

/** One series of {@link MonthlyBarsProps}: a value per category. */
export interface ChartSeries {
  /** Legend text and part of each bar's name ("Income"). */
  name: string;
  /** Raw values, one per category, for geometry only. */
  values: number[];
  /** The same values formatted for the user ("$1,234.00"), one per category. */
  display: string[];
  /** Optional drill-down link per category: the bar becomes a link. */
  hrefs?: (string | undefined)[];
}

/** Props of `MonthlyBars`: grouped vertical bars per month for one to three series. */
export interface MonthlyBarsProps extends ChartBase {
  categories: ChartCategory[];
  series: ChartSeries[];
  /** Formats a y-axis tick (a raw value on the 1–2–5 ladder); defaults to compact numbers. */
  formatTick?: (value: number) => string;
  /** Locale of the default tick format. */
  locale?: string;
}

/** One bar of `HorizontalBars`. */
export interface BarItem {
  /** Full label ("Acme Office Supplies Inc."); shortened on screen, whole in the accessible name. */
  label: string;
  /** Raw value for geometry only. */
  value: number;
  /** The value formatted for the user, written at the end of the bar. */
  display: string;
  /** Optional drill-down link: the bar becomes a link. */
  href?: string;
}

/** Props of `HorizontalBars`: one bar per item, e.g. top payees. */
export interface HorizontalBarsProps extends ChartBase {
  items: BarItem[];
  /** Header of the data table's value column ("Paid"). */
  valueHeader: string;
  /** Which palette colour the bars use (1–3); 1 by default. */
  tone?: 1 | 2 | 3;
}

/** The most series `MonthlyBars` draws side by side. */
export const MAX_SERIES = 3;

/** Throws when props cannot describe a chart (a programming error, not user input). */
export function checkChart(kind: string, props: ChartBase): void {
  if (!/^[A-Za-z][\w-]*$/.test(props.id)) {
    throw new TypeError(`Cannot render ${kind}: id ${JSON.stringify(props.id)} is not a valid HTML id`);
  }
}

/** Throws unless every series has a value and a display string per category, and there are 1–3 series. */
export function checkSeries(props: MonthlyBarsProps): void {
  checkChart("MonthlyBars", props);
  const where = `Cannot render MonthlyBars "${props.id}"`;
  if (props.series.length < 1 || props.series.length > MAX_SERIES) {
    throw new RangeError(`${where}: ${props.series.length} series given, 1 to ${MAX_SERIES} are supported`);
  }
  const n = props.categories.length;
  for (const s of props.series) {
    if (s.values.length !== n || s.display.length !== n || (s.hrefs && s.hrefs.length !== n)) {
      throw new RangeError(
        `${where}: series "${s.name}" has ${s.values.length} values and ${s.display.length} labels for ${n} categories`,
      );
    }
    const bad = s.values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new RangeError(`${where}: series "${s.name}" has a non-finite value at ${bad}`);
  }
}
