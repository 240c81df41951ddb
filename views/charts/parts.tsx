/**
 * Building blocks shared by the charts: the figure with its caption and legend, the
 * visually hidden data table, focusable values and the fill textures that tell series
 * apart without colour.
 */
import type { Child } from "hono/jsx";

/** The figure around a chart: caption (title and description), optional legend, the drawing, the data table. */
export function ChartFigure(
  { id, title, description, kind, legend, children }: {
    id: string;
    title: string;
    description: string;
    kind: string;
    legend?: { name: string; tone: number }[];
    children: Child;
  },
) {
  return (
    <figure class={`chart chart-${kind}`} id={id}>
      <figcaption class="chart-caption">
        <span class="chart-title">{title}</span> <span class="chart-desc">{description}</span>
      </figcaption>
      {legend && legend.length > 0 && (
        <ul class="chart-legend">
          {legend.map((l) => (
            <li>
              <span class={`chart-key chart-tone-${l.tone}`} aria-hidden="true"></span>
              {l.name}
            </li>
          ))}
        </ul>
      )}
      {children}
    </figure>
  );
}

/** A chart with no data: the caption and a sentence saying so. */
export function EmptyChart(
  { id, title, description, kind, empty }: {
    id: string;
    title: string;
    description: string;
    kind: string;
    empty: string;
  },
) {
  return (
    <ChartFigure id={id} title={title} description={description} kind={kind}>
      <p class="chart-empty">{empty}</p>
    </ChartFigure>
  );
}

/** The numbers behind a chart as a table, hidden visually but read by screen readers and shown without CSS. */
export function DataTable(
  { id, title, headers, rows }: { id: string; title: string; headers: string[]; rows: string[][] },
) {
  return (
    <div class="chart-data visually-hidden">
      <table id={`${id}-data`}>
        <caption>{title}</caption>
        <thead>
          <tr>{headers.map((h) => <th scope="col">{h}</th>)}</tr>
        </thead>
        <tbody>
          {rows.map(([head, ...cells]) => (
            <tr>
              <th scope="row">{head}</th>
              {cells.map((cell) => <td class="num">{cell}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * One value in the drawing: reachable with Tab, named for screen readers ("March 2025,
 * Income: $1,234.00") and with a native tooltip. With `href` it is a link to the figure's
 * transactions.
 */
export function Focusable({ name, href, class: cls, children }: {
  name: string;
  href?: string;
  class: string;
  children: Child;
}) {
  if (href) {
    return (
      <a class={cls} href={href} aria-label={name}>
        <title>{name}</title>
        {children}
      </a>
    );
  }
  return (
    <g class={cls} tabindex="0" role="img" aria-label={name}>
      <title>{name}</title>
      {children}
    </g>
  );
}

/**
 * The drawing: a sideways-scrolling box around an SVG named by the chart's title and described
 * by its description, with the series textures defined.
 */
export function ChartSvg(
  { id, title, description, width, height, children }: {
    id: string;
    title: string;
    description: string;
    width: number;
    height: number;
    children: Child;
  },
) {
  return (
    <div class="chart-scroll">
      <svg
        class="chart-svg"
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        <Textures id={id} />
        {children}
      </svg>
    </div>
  );
}

/** The classes of a value's element: its series tone, and whether it is negative or zero. */
export function pointClass(tone: number, value: number): string {
  return `chart-point chart-tone-${tone}${value < 0 ? " chart-negative" : ""}${value === 0 ? " chart-zero-value" : ""}`;
}

/** Textures drawn over the bars of series 2 (stripes) and 3 (dots); series 1 stays solid. */
export function Textures({ id }: { id: string }) {
  return (
    <defs>
      <pattern id={`${id}-texture-2`} patternUnits="userSpaceOnUse" width="6" height="6">
        <path class="chart-texture-ink" d="M-1 1 l2 -2 M0 6 l6 -6 M5 7 l2 -2" />
      </pattern>
      <pattern id={`${id}-texture-3`} patternUnits="userSpaceOnUse" width="5" height="5">
        <circle class="chart-texture-dot" cx="2.5" cy="2.5" r="1.1" />
      </pattern>
    </defs>
  );
}

/** The `fill` reference of a series' texture, or undefined for the solid first series. */
export function textureFill(id: string, tone: number): string | undefined {
  return tone > 1 ? `url(#${id}-texture-${tone})` : undefined;
}

/**
 * The readout of a value, drawn in the band above the plot when its bar is hovered or
 * focused (the native tooltip does not appear for keyboard focus). Hidden by attribute too,
 * so a page without the stylesheet does not show every readout at once.
 */
export function Readout(
  { text, x, width, bandY, targetY, targetX }: {
    text: string;
    x: number;
    width: number;
    bandY: number;
    targetX: number;
    targetY: number;
  },
) {
  const h = 22;
  return (
    <g class="chart-readout" visibility="hidden" aria-hidden="true">
      <line class="chart-readout-guide" x1={targetX} x2={targetX} y1={bandY + h} y2={targetY} />
      <rect class="chart-readout-box" x={x} y={bandY} width={width} height={h} rx="4" />
      <text class="chart-readout-text" x={x + width / 2} y={bandY + 15} text-anchor="middle">{text}</text>
    </g>
  );
}
