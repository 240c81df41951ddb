/**
 * One horizontal bar per item (e.g. top payees) as server-rendered, accessible SVG: labels
 * shortened with an ellipsis on screen but whole in each bar's accessible name and tooltip,
 * the formatted value at the end of every bar, negative values to the left of a zero line,
 * and the same numbers in a visually hidden table.
 */
import { ChartFigure, ChartSvg, DataTable, EmptyChart, Focusable, pointClass, textureFill } from "./parts.tsx";
import { linear, px, textWidth, truncate } from "./scale.ts";
import { type BarItem, checkChart, type HorizontalBarsProps } from "./types.ts";

/** Drawing width in viewBox units; the height grows with the number of items. */
export const HORIZONTAL_WIDTH = 720;

const ROW = 30;
const BAR = 18;
const PAD = 6;
const LABEL_FONT = 13;
const VALUE_FONT = 12;
const LABEL_COLUMN = 200;

/** Horizontal bars, one per item; see {@link HorizontalBarsProps}. */
export function HorizontalBars(props: HorizontalBarsProps) {
  checkChart("HorizontalBars", props);
  const { id, title, description, items } = props;
  const bad = items.findIndex((item) => !Number.isFinite(item.value));
  if (bad >= 0) throw new RangeError(`Cannot render HorizontalBars "${id}": item ${bad} has a non-finite value`);
  if (!items.length) {
    return props.empty
      ? <EmptyChart id={id} title={title} description={description} kind="horizontal" empty={props.empty} />
      : null;
  }
  const tone = props.tone ?? 1;
  const height = PAD * 2 + items.length * ROW;
  const values = items.map((item) => item.value);
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const valueRoom = Math.max(...items.map((item) => textWidth(item.display, VALUE_FONT, true))) + 12;
  const plotLeft = LABEL_COLUMN + (lo < 0 ? valueRoom : 0);
  const plotRight = HORIZONTAL_WIDTH - (hi > 0 || lo === 0 ? valueRoom : 0);
  // All-zero data: the zero line sits at the left and every bar is a marker on it.
  const x = hi === lo ? () => plotLeft : linear(lo, hi, plotLeft, plotRight);
  const zero = x(0);

  return (
    <ChartFigure id={id} title={title} description={description} kind="horizontal">
      <ChartSvg id={id} title={title} description={description} width={HORIZONTAL_WIDTH} height={height}>
        <g class="chart-values">
          {items.map((item, i) => <Row id={id} item={item} i={i} tone={tone} x={x} zero={zero} />)}
        </g>
      </ChartSvg>
      <DataTable
        id={id}
        title={title}
        headers={[props.categoryHeader, props.valueHeader]}
        rows={items.map((item) => [item.label, item.display])}
      />
    </ChartFigure>
  );
}

function Row(
  { id, item, i, tone, x, zero }: {
    id: string;
    item: BarItem;
    i: number;
    tone: number;
    x: (v: number) => number;
    zero: number;
  },
) {
  const rowY = PAD + i * ROW;
  const barY = rowY + (ROW - BAR) / 2;
  const end = x(item.value);
  let left = Math.min(zero, end);
  let w = Math.abs(end - zero);
  if (item.value === 0) [left, w] = [zero - 2, 4];
  else if (w < 1.5) [left, w] = [item.value > 0 ? zero : zero - 1.5, 1.5];
  const negative = item.value < 0;
  const shown = truncate(item.label, LABEL_COLUMN - 16, LABEL_FONT);
  const textY = rowY + ROW / 2 + 4.5;
  return (
    <Focusable name={`${item.label}: ${item.display}`} href={item.href} class={pointClass(tone, item.value)}>
      <rect class="chart-hit" fill="transparent" x="0" y={rowY} width={HORIZONTAL_WIDTH} height={ROW} />
      <rect class="chart-ring" fill="none" x="1.5" y={rowY + 1} width={HORIZONTAL_WIDTH - 3} height={ROW - 2} rx="5" />
      <line class="chart-zero" stroke="currentColor" x1={px(zero)} x2={px(zero)} y1={rowY} y2={rowY + ROW} />
      <text class="chart-bar-label" x="8" y={px(textY)}>{shown}</text>
      <rect class="chart-bar" x={px(left)} y={px(barY)} width={px(w)} height={BAR} rx="2" />
      {textureFill(id, tone) && item.value !== 0 && (
        <rect
          class="chart-texture"
          x={px(left)}
          y={px(barY)}
          width={px(w)}
          height={BAR}
          rx="2"
          fill={textureFill(id, tone)}
        />
      )}
      <text
        class="chart-bar-value"
        x={px(negative ? left - 6 : left + w + 6)}
        y={px(textY - 0.5)}
        text-anchor={negative ? "end" : "start"}
      >
        {item.display}
      </text>
      {shown !== item.label && <FullLabel item={item} rowY={rowY} textY={textY} />}
    </Focusable>
  );
}

/**
 * The whole of a shortened label with its value, shown over its row while the row is hovered
 * or focused (it may cover a short bar, so it repeats the value).
 */
function FullLabel({ item, rowY, textY }: { item: BarItem; rowY: number; textY: number }) {
  const value = `: ${item.display}`;
  const room = HORIZONTAL_WIDTH - 28 - textWidth(value, LABEL_FONT);
  const text = `${truncate(item.label, room, LABEL_FONT)}${value}`;
  return (
    <g class="chart-readout chart-full-label" visibility="hidden" aria-hidden="true">
      <rect
        class="chart-readout-box"
        x="4"
        y={rowY + 3}
        width={px(Math.min(textWidth(text, LABEL_FONT) + 12, HORIZONTAL_WIDTH - 8))}
        height={ROW - 6}
        rx="4"
      />
      <text class="chart-readout-text" x="10" y={px(textY)}>{text}</text>
    </g>
  );
}
