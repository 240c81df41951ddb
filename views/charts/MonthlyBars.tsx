/**
 * Grouped vertical bars per month for one to three series (e.g. income, expenses, net) as
 * server-rendered, accessible SVG: a zero baseline with negative values below it, round
 * y-axis ticks, month labels that thin out as months add up, a legend, a focusable and
 * named element per value, and the same numbers in a visually hidden table.
 */
import { ChartFigure, ChartSvg, DataTable, EmptyChart, Focusable, pointClass, Readout, textureFill } from "./parts.tsx";
import { labelEvery, linear, niceTicks, px, textWidth } from "./scale.ts";
import { checkSeries, type MonthlyBarsProps } from "./types.ts";

/** Drawing size in viewBox units; the SVG scales to its container's width. */
export const MONTHLY_WIDTH = 720;
/** Drawing height in viewBox units. */
export const MONTHLY_HEIGHT = 300;

const TICK_FONT = 11;
const LABEL_FONT = 11;
const READOUT_FONT = 12;
const BAND_Y = 2;
const PLOT_TOP = 38;
const PLOT_BOTTOM = MONTHLY_HEIGHT - 42;
const RIGHT = MONTHLY_WIDTH - 8;

/** Grouped vertical bars per month; see {@link MonthlyBarsProps}. */
export function MonthlyBars(props: MonthlyBarsProps) {
  checkSeries(props);
  const { id, title, description, categories, series } = props;
  if (!categories.length) {
    return props.empty
      ? <EmptyChart id={id} title={title} description={description} kind="monthly" empty={props.empty} />
      : null;
  }
  const compact = new Intl.NumberFormat(props.locale ?? "en", { notation: "compact", maximumFractionDigits: 1 });
  const formatTick = props.formatTick ?? ((v: number) => compact.format(v));

  const all = series.flatMap((s) => s.values);
  const ticks = niceTicks(Math.min(...all), Math.max(...all));
  const tickLabels = ticks.map(formatTick);
  const left = Math.max(40, Math.ceil(Math.max(...tickLabels.map((t) => textWidth(t, TICK_FONT)))) + 16);
  const y = linear(ticks[0], ticks[ticks.length - 1], PLOT_BOTTOM, PLOT_TOP);
  const zero = y(0);

  const n = categories.length;
  const k = series.length;
  const slot = (RIGHT - left) / n;
  const groupW = Math.min(slot * (k === 1 ? 0.6 : 0.8), k * 30);
  const gap = k > 1 ? Math.min(3, slot * 0.05) : 0;
  const barW = (groupW - gap * (k - 1)) / k;

  const shorts = categories.map((c) => c.short ?? c.label);
  const every = labelEvery(slot, Math.max(...shorts.map((s) => textWidth(s, LABEL_FONT))));
  let lastGroup: string | undefined;

  const name = (i: number, j: number) => `${categories[i].label}, ${series[j].name}: ${series[j].display[i]}`;

  return (
    <ChartFigure
      id={id}
      title={title}
      description={description}
      kind="monthly"
      legend={series.map((s, j) => ({ name: s.name, tone: j + 1 }))}
    >
      <ChartSvg id={id} title={title} description={description} width={MONTHLY_WIDTH} height={MONTHLY_HEIGHT}>
        <g class="chart-axis" aria-hidden="true">
          {ticks.map((t, i) => (
            <g>
              <line class="chart-grid-line" stroke="#d9dfdc" x1={left} x2={RIGHT} y1={px(y(t))} y2={px(y(t))} />
              <text class="chart-tick" x={left - 8} y={px(y(t) + 4)} text-anchor="end">{tickLabels[i]}</text>
            </g>
          ))}
          {categories.map((c, i) => {
            const cx = px(left + (i + 0.5) * slot);
            const labelled = i % every === 0;
            const showGroup = labelled && c.group !== undefined && c.group !== lastGroup;
            if (showGroup) lastGroup = c.group;
            return (
              <g>
                <line
                  class={labelled ? "chart-x-tick chart-x-tick-major" : "chart-x-tick"}
                  stroke="currentColor"
                  x1={cx}
                  x2={cx}
                  y1={PLOT_BOTTOM}
                  y2={PLOT_BOTTOM + (labelled ? 5 : 3)}
                />
                {labelled && (
                  <text class="chart-x-label" x={cx} y={PLOT_BOTTOM + 18} text-anchor="middle">{shorts[i]}</text>
                )}
                {showGroup && (
                  <text class="chart-x-group" x={cx} y={PLOT_BOTTOM + 33} text-anchor="middle">{c.group}</text>
                )}
              </g>
            );
          })}
        </g>
        <line
          class="chart-zero"
          stroke="currentColor"
          x1={left}
          x2={RIGHT}
          y1={px(zero)}
          y2={px(zero)}
          aria-hidden="true"
        />
        <g class="chart-values">
          {categories.map((_, i) => {
            const slotX = left + i * slot;
            const groupX = slotX + (slot - groupW) / 2;
            return series.map((s, j) => {
              const v = s.values[i];
              const x = groupX + j * (barW + gap);
              let top = v >= 0 ? y(v) : zero;
              let h = Math.abs(y(v) - zero);
              // Zero is a short mark across the baseline; a tiny value still shows as a sliver.
              if (v === 0) [top, h] = [zero - 1.5, 3];
              else if (h < 2) [top, h] = [v > 0 ? zero - 2 : zero, 2];
              const label = name(i, j);
              const boxW = textWidth(label, READOUT_FONT, true) + 16;
              const boxX = Math.min(Math.max(2, x + barW / 2 - boxW / 2), MONTHLY_WIDTH - 2 - boxW);
              // The readout follows its bar rather than sitting inside it: a focused bar then
              // scrolls into view on narrow screens (a wide child would count as "visible").
              return (
                <>
                  <Focusable name={label} href={s.hrefs?.[i]} class={pointClass(j + 1, v)}>
                    <rect
                      class="chart-hit"
                      fill="transparent"
                      x={px(slotX + (j * slot) / k)}
                      y={PLOT_TOP}
                      width={px(slot / k)}
                      height={PLOT_BOTTOM - PLOT_TOP}
                    />
                    <rect class="chart-bar" x={px(x)} y={px(top)} width={px(barW)} height={px(h)} />
                    {textureFill(id, j + 1) && v !== 0 && (
                      <rect
                        class="chart-texture"
                        x={px(x)}
                        y={px(top)}
                        width={px(barW)}
                        height={px(h)}
                        fill={textureFill(id, j + 1)}
                      />
                    )}
                    <rect
                      class="chart-ring"
                      fill="none"
                      x={px(x - 2.5)}
                      y={px(top - 2.5)}
                      width={px(barW + 5)}
                      height={px(h + 5)}
                      rx="3"
                    />
                  </Focusable>
                  <Readout
                    text={label}
                    x={px(boxX)}
                    width={px(boxW)}
                    bandY={BAND_Y}
                    targetX={px(x + barW / 2)}
                    targetY={px(top - 3)}
                  />
                </>
              );
            });
          })}
        </g>
      </ChartSvg>
      <DataTable
        id={id}
        title={title}
        headers={[props.categoryHeader, ...series.map((s) => s.name)]}
        rows={categories.map((c, i) => [c.label, ...series.map((s) => s.display[i])])}
      />
    </ChartFigure>
  );
}
